import type { IncomingMessage } from 'node:http';

/**
 * The address of the client a request comes from. Behind the mesh every request reaches the process from
 * its sidecar, so the socket's address says nothing: the ingress gateway appends the address it saw to
 * X-Forwarded-For, and entries to the left of the ones our proxies appended are the client's own claims,
 * which anyone can forge. `trustedHops` is how many proxies of ours append an entry (1: the gateway).
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const forwarded = req.headers['x-forwarded-for'];
  const header = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
  if (header && trustedHops > 0) {
    const hops = header.split(',').map((h) => h.trim()).filter(Boolean);
    const entry = hops[Math.max(0, hops.length - trustedHops)];
    if (entry) return entry;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
