// `pnpm dev`: the whole shop on this machine — four service processes on embedded PGlite, no server needed.
import { startServiceProcess, type ServiceProcess } from '@shop/kit/testing';
import { formatLogLine } from './log-line.js';
import { SHOP_SERVICES, STOREFRONT, localUrl, serviceEntry, serviceEnv, storefrontEntry, storefrontEnv, storefrontUrl } from './shop-layout.js';

const tty = Boolean(process.stdout.isTTY);
const running: ServiceProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(running.map((service) => service.stop()));
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
console.log(`The shop: ${storefrontUrl()}  (starting the storefront and four services, embedded PGlite under .data/ ...)`);
const processes = [
  ...SHOP_SERVICES.map(({ name, port }) => ({ name, port, entry: serviceEntry(name), env: serviceEnv(name, process.env.SHOP_DATA_DIR) })),
  { name: STOREFRONT.name, port: STOREFRONT.port, entry: storefrontEntry(), env: storefrontEnv() },
];
const started = await Promise.allSettled(
  processes.map(async ({ name, port, entry, env }) => {
    const service = await startServiceProcess({
      name,
      entry,
      port,
      env: { ...env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
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

console.log(`\nThe shop is running: open ${storefrontUrl()}  (the storefront; /trpc/<service>. is proxied to each service)`);
for (const { name } of SHOP_SERVICES) console.log(`  ${name.padEnd(8)} ${localUrl(name)}/trpc   (health ${localUrl(name)}/healthz, metrics ${localUrl(name)}/metrics)`);
console.log(`  JWKS     ${localUrl('user')}/.well-known/jwks.json`);
console.log(`Try:  curl -s "${storefrontUrl()}/trpc/product.list?input=%7B%22limit%22:3%7D"`);
console.log('Ctrl-C stops them all.\n');
