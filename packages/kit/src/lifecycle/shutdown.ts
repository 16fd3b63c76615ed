import type { Server } from 'node:http';

/**
 * Stops accepting connections and waits for in-flight requests. Keep-alive connections are closed as soon
 * as they fall idle, so a busy client cannot hold the process open until its idle timeout.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(sweeper);
      resolve();
    });
    server.closeIdleConnections();
  });
}
