// The storefront in production: the built pages from ./public beside this bundle, probes and metrics.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveUntilSignalled } from './lifecycle.js';
import { createLogger } from './logger.js';
import { createStorefrontServer } from './server.js';
import { SERVICES, loadSettings } from './settings.js';
import { loadStaticFiles } from './static-files.js';
import { upstreamsFromEnv } from './trpc-proxy.js';

const settings = loadSettings();
const logger = createLogger(settings.LOG_LEVEL);
const root = process.env.STATIC_DIR ?? join(dirname(fileURLToPath(import.meta.url)), 'public');
try {
  const files = await loadStaticFiles(root);
  const upstreams = upstreamsFromEnv(process.env, SERVICES);
  logger.info({ files: files.count, proxied: Object.keys(upstreams) }, 'pages loaded');
  await serveUntilSignalled(createStorefrontServer({ logger, files, upstreams }), settings.PORT, settings.HOST, logger, settings.SHUTDOWN_TIMEOUT_MS);
} catch (err) {
  logger.fatal({ err }, 'failed to start');
  logger.flush();
  process.exit(1);
}
