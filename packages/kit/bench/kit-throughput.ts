// Throughput of the kit's tRPC hosting next to a bare node:http server and tRPC's official standalone
// adapter, in one run: each server in its own process, loaded in turn by autocannon from this process.
// The servers run one tsup bundle made with the services' own preset, so what is measured is what ships
// (tsx's on-the-fly transform keeps function names with a call per closure, which production does not).
// The servers run on this machine's Node and on Node 24, the images' runtime (fetched with `npx -y node@24`
// when it is not this one), one after the other, each with its own bare baseline.
// `pnpm bench:kit`; BENCH_SECONDS (per measurement, default 6), BENCH_ROUNDS (default 2),
// BENCH_CONNECTIONS (default 50), BENCH_NODE (one node binary for the servers instead). Exits non-zero if any
// request failed.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { build } from 'tsup';
import { serviceBundle } from '../build/service-bundle.js';
import { startLocalServer } from '../src/db/local-server.js';

const TARGETS = [
  { name: 'bare', label: 'bare node:http (fixed JSON)', path: '/' },
  { name: 'official', label: 'tRPC standalone adapter', path: '/trpc/ping' },
  { name: 'handler', label: 'kit tRPC handler alone', path: '/trpc/ping' },
  { name: 'kit', label: 'kit service (startService)', path: '/trpc/ping' },
] as const;
const EXPECTED = { result: { data: { ok: true } } };
const REQUIRED_RATIO = 0.6;

const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmupSeconds = 2;
const PRODUCTION_NODE = 'node@24';

/** The Node binaries to run the servers on: BENCH_NODE, or this one and the images' Node 24. */
function serverNodes(): string[] {
  if (process.env.BENCH_NODE) return [process.env.BENCH_NODE];
  if (process.versions.node.startsWith('24.')) return [process.execPath];
  try {
    const node24 = execFileSync('npx', ['-y', PRODUCTION_NODE, '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
    return [process.execPath, node24];
  } catch (err) {
    process.stderr.write(`${PRODUCTION_NODE} not available (${(err as Error).message.split('\n')[0]}): servers run on this Node only\n`);
    return [process.execPath];
  }
}

interface Running {
  child: ChildProcess;
  url: string;
}

function cpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpu: NodeJS.CpuUsage }) => resolve(message.cpu.user + message.cpu.system));
    child.send('cpu');
  });
}

/** bench/target.ts bundled as a service is. */
async function bundleTarget(): Promise<string> {
  const outDir = fileURLToPath(new URL('../node_modules/.cache/kit-bench', import.meta.url));
  await build({ ...serviceBundle({ entry: { target: fileURLToPath(new URL('./target.ts', import.meta.url)) } }), outDir, silent: true, sourcemap: false });
  return `${outDir}/target.js`;
}

function start(serverNode: string, bundle: string, name: string, path: string): Promise<Running> {
  const child = fork(bundle, [name], {
    execPath: serverNode,
    // stdout to /dev/null: the kit service logs every request there, as it would to a log collector.
    // Not this process's tsx loader flags: the bundle runs on plain Node, as in the image.
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, url: `http://127.0.0.1:${message.port}${path}` }));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
}

async function check(url: string): Promise<void> {
  const res = await fetch(url);
  const body: unknown = await res.json();
  if (res.status !== 200 || JSON.stringify(body) !== JSON.stringify(EXPECTED)) {
    throw new Error(`${url} answered ${res.status} ${JSON.stringify(body)}`);
  }
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time per request, µs. */
  cpu: number;
  failed: number;
}

async function load(target: Running, duration: number): Promise<Sample> {
  const before = await cpuMicros(target.child);
  const result = await autocannon({ url: target.url, connections, duration, pipelining: 1 });
  const cpu = (await cpuMicros(target.child)) - before;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpu: cpu / Math.max(1, result.requests.total),
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function stop(server: Running): Promise<void> {
  // Already gone: exited, or killed by a signal (then exitCode stays null).
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

let running: Running | undefined;

/** Every target on one Node binary, in interleaved rounds; prints the table and returns the kit's ratio. */
async function measure(serverNode: string, bundle: string): Promise<{ version: string; ratio: number; failed: number }> {
  const version = execFileSync(serverNode, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  const samples = new Map<string, Sample[]>(TARGETS.map((t) => [t.name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Interleaved, so a noisy neighbour on the machine hits every target alike. One server process at a
    // time, started for its measurement and stopped after it: a server that allocated heavily (the
    // official adapter) otherwise goes on collecting garbage on both cores while the next one is loaded.
    for (const target of TARGETS) {
      const server = await start(serverNode, bundle, target.name, target.path);
      running = server;
      await check(server.url);
      await load(server, warmupSeconds);
      const sample = await load(server, seconds);
      await stop(server);
      samples.get(target.name)?.push(sample);
      process.stderr.write(`${version} round ${round}/${rounds} ${target.name}: ${Math.round(sample.rps)} req/s, ${sample.cpu.toFixed(1)} µs CPU/req\n`);
    }
  }

  const bare = mean((samples.get('bare') ?? []).map((s) => s.rps));
  const bareCpu = mean((samples.get('bare') ?? []).map((s) => s.cpu));
  const lines = [
    `| server | req/s | p50 ms | p99 ms | × bare | server CPU µs/req | bare CPU ÷ this |`,
    `|---|---:|---:|---:|---:|---:|---:|`,
  ];
  let failed = 0;
  for (const target of TARGETS) {
    const list = samples.get(target.name) ?? [];
    const rps = mean(list.map((s) => s.rps));
    failed += list.reduce((n, s) => n + s.failed, 0);
    const cpu = mean(list.map((s) => s.cpu));
    const latency = `${mean(list.map((s) => s.p50)).toFixed(1)} | ${mean(list.map((s) => s.p99)).toFixed(1)}`;
    lines.push(
      `| ${target.label} | ${Math.round(rps)} | ${latency} | ${(rps / bare).toFixed(2)} | ${cpu.toFixed(1)} | ${(bareCpu / cpu).toFixed(2)} |`,
    );
  }
  const ratio = mean((samples.get('kit') ?? []).map((s) => s.rps)) / bare;
  console.log(`\n${connections} connections, ${rounds} × ${seconds} s per server after ${warmupSeconds} s warm-up, servers on Node ${version}\n`);
  console.log(lines.join('\n'));
  return { version, ratio, failed };
}

let exitCode = 0;
// The kit target is a whole service and needs a database: DATABASE_URL's, or a local server for the run.
const localDataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'kit-bench-pg-'));
const local = localDataDir ? await startLocalServer({ dataDir: localDataDir, durable: false }) : undefined;
if (local) process.env.DATABASE_URL = local.url;
try {
  const bundle = await bundleTarget();
  const results = [];
  for (const node of serverNodes()) results.push(await measure(node, bundle));
  console.log('');
  for (const { version, ratio, failed } of results) {
    console.log(`Node ${version}: kit service / bare = ${ratio.toFixed(2)} (target ≥ ${REQUIRED_RATIO}: ${ratio >= REQUIRED_RATIO ? 'met' : 'NOT met'})`);
    if (failed > 0) {
      console.error(`${failed} requests failed on Node ${version}`);
      exitCode = 1;
    }
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  if (running) await stop(running);
  await local?.stop();
  if (localDataDir) rmSync(localDataDir, { recursive: true, force: true });
}
process.exit(exitCode);
