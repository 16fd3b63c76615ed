// `pnpm dev`: the whole shop on this machine — four service processes on embedded PGlite, no server needed.
import { startServiceProcess, type ServiceProcess } from '@shop/kit/testing';
import { formatLogLine } from './log-line.js';
import { SHOP_SERVICES, localUrl, serviceEntry, serviceEnv } from './shop-layout.js';

const tty = Boolean(process.stdout.isTTY);
const running: ServiceProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(running.map((service) => service.stop()));
  process.exit(code);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

console.log('Starting the shop (embedded PGlite under .data/) ...');
const started = await Promise.allSettled(
  SHOP_SERVICES.map(async ({ name, port }) => {
    const service = await startServiceProcess({
      name,
      entry: serviceEntry(name),
      port,
      env: { ...serviceEnv(name, process.env.SHOP_DATA_DIR), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      // A first start initialises four embedded databases at once: slow on a small, busy machine.
      timeoutMs: 180_000,
      keepOutput: false,
      onLine: (line) => console.log(formatLogLine(name, line, tty)),
    });
    running.push(service);
    void service.exited.then((code) => {
      if (stopping) return;
      console.error(`${name} exited unexpectedly (code ${code}); stopping the shop`);
      void stopAll(1);
    });
    return service;
  }),
);

const failed = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
if (failed.length > 0) {
  for (const failure of failed) console.error(String((failure.reason as Error).message ?? failure.reason));
  await stopAll(1);
}

console.log('\nThe shop is running:');
for (const { name } of SHOP_SERVICES) console.log(`  ${name.padEnd(8)} ${localUrl(name)}/trpc   (health ${localUrl(name)}/healthz, metrics ${localUrl(name)}/metrics)`);
console.log(`  JWKS     ${localUrl('user')}/.well-known/jwks.json`);
console.log('Try:  curl -s "http://127.0.0.1:3001/trpc/product.list?input=%7B%22limit%22:3%7D"');
console.log('Ctrl-C stops all four.\n');
