import type { Server } from 'node:http';
import type { InFlight } from '../http/server.js';

/**
 * Waits until no request is in flight (probes aside) or `maxMs` passes. The listener stays open meanwhile,
 * so /readyz keeps answering 503 and the proxy moves traffic away before we stop accepting.
 */
export async function drainRequests(inFlight: InFlight, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (inFlight.count() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

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
