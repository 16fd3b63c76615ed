import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { StorefrontServer } from './server.js';

/** Listens, and on SIGTERM/SIGINT fails readiness, lets requests in flight finish, then exits 0. */
export async function serveUntilSignalled(front: StorefrontServer, port: number, host: string, logger: Logger, shutdownMs: number, onClose?: () => Promise<void>): Promise<Server> {
  const { server } = front;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  logger.info({ port: typeof address === 'object' && address ? address.port : port, host }, 'storefront listening');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    front.drain();
    const force = setTimeout(() => server.closeAllConnections(), shutdownMs);
    force.unref();
    server.closeIdleConnections();
    server.close(() => {
      void (onClose?.() ?? Promise.resolve()).finally(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      });
    });
  };
  // `on`: Ctrl-C in `pnpm dev` arrives from the terminal and again from the parent; repeats are ignored.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return server;
}
