// `pnpm dev`'s storefront: Vite's dev middleware (instant reloads) behind the same server and tRPC proxy
// as production, so http://127.0.0.1:3000 is the whole shop at one address.
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';
import { serveUntilSignalled } from './lifecycle.js';
import { createLogger } from './logger.js';
import { createStorefrontServer } from './server.js';
import { SERVICES, loadSettings } from './settings.js';
import { upstreamsFromEnv } from './trpc-proxy.js';

const settings = loadSettings({ PORT: '3000', HOST: '127.0.0.1', ...process.env });
const logger = createLogger(settings.LOG_LEVEL);
const vite = await createVite({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
  server: { middlewareMode: true, hmr: { port: settings.PORT + 100 } },
  appType: 'spa',
  logLevel: 'warn',
});
const front = createStorefrontServer({ logger, pages: vite.middlewares, upstreams: upstreamsFromEnv(process.env, SERVICES) });
await serveUntilSignalled(front, settings.PORT, settings.HOST, logger, settings.SHUTDOWN_TIMEOUT_MS, () => vite.close());
