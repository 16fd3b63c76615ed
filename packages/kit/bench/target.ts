// One server under load, in its own process: `tsx bench/target.ts <kind>`. Tells the parent its port over
// IPC, and its CPU time whenever asked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { pino } from 'pino';
import { createTrpcHandler } from '../src/http/trpc-handler.js';
import { startService } from '../src/service.js';
import type { Context } from '../src/trpc/context.js';
import { publicProcedure, router } from '../src/trpc/procedures.js';

const TARGETS = ['bare', 'official', 'handler', 'kit'] as const;
type Target = (typeof TARGETS)[number];

/** The trivial procedure every target serves; `bare` answers its exact bytes. */
const benchRouter = router({ ping: publicProcedure.query(() => ({ ok: true })) });
const PING_BODY = JSON.stringify({ result: { data: { ok: true } } });

const log = pino({ level: 'silent' });
const context = (authorization: string | undefined): Context => ({
  requestId: '',
  authorization,
  verifyToken: () => Promise.reject(new Error('no tokens in the benchmark')),
  log,
  clientAddress: () => '127.0.0.1',
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function serve(kind: Target): Promise<number> {
  switch (kind) {
    case 'bare':
      return listen(
        createServer((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(PING_BODY) });
          res.end(PING_BODY);
        }),
      );
    case 'official':
      return listen(
        createHTTPServer({ router: benchRouter, basePath: '/trpc/', createContext: ({ req }) => context(req.headers.authorization) }),
      );
    case 'handler': {
      // The kit's tRPC handler alone, without the server's span, request scope and request log.
      const trpc = createTrpcHandler({ router: benchRouter, createContext: (req) => context(req.headers.authorization) });
      return listen(
        createServer((req, res) => {
          const url = req.url ?? '/';
          const q = url.indexOf('?');
          void trpc(req, res, (q === -1 ? url : url.slice(0, q)).slice(6), q === -1 ? '' : url.slice(q + 1));
        }),
      );
    }
    case 'kit': {
      // A whole service as production runs it: info logs (stdout is /dev/null here), metrics, tracing
      // without an exporter, the default sampler. Its database (DATABASE_URL, see kit-throughput.ts) is idle during the run.
      const service = await startService(
        { name: 'bench', setup: () => ({ router: benchRouter }) },
        // LOG_LEVEL, OTEL_TRACES_SAMPLER... from the environment apply, to see what each costs.
        { env: { LOG_LEVEL: 'info', ...process.env, PORT: '0', HOST: '127.0.0.1' } },
      );
      return service.port;
    }
  }
}

const kind = process.argv[2] as Target;
if (!TARGETS.includes(kind)) throw new Error(`unknown target ${kind}`);
const port = await serve(kind);
// The parent asks for CPU time around each measurement: CPU per request holds up on a noisy machine.
process.on('message', () => process.send?.({ cpu: process.cpuUsage() }));
process.send?.({ port });
