import { request } from 'node:http';
import { expect } from 'vitest';

export type ProcedureKind = 'query' | 'mutation';

/** Sends a raw tRPC request: a query's input in `?input=`, a mutation's as the body; `raw` skips JSON encoding. */
export async function callRaw(
  baseUrl: string,
  path: string,
  kind: ProcedureKind,
  input: { json: unknown } | { raw: string },
): Promise<{ status: number; body: string }> {
  const text = 'raw' in input ? input.raw : JSON.stringify(input.json);
  const url = `${baseUrl}/trpc/${path}`;
  const res =
    kind === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(text)}`)
      : await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
  return { status: res.status, body: await res.text() };
}

const STACK_FRAME = /\bat [^\n]*\(?[^\s()]+:\d+:\d+\)?/;

/** A client's mistake is a 4xx with a JSON error body: never a 5xx, never a stack trace. */
export function expectClientError(response: { status: number; body: string }, context: string): void {
  expect(response.status, `${context}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  expect(response.body, context).not.toMatch(STACK_FRAME);
  expect(response.body, context).not.toMatch(/"stack"/);
  if (response.status >= 400) expect(() => JSON.parse(response.body) as unknown, context).not.toThrow();
}

/**
 * POSTs a body larger than the server accepts. The server may answer 413 and close before the body is
 * sent, which fetch reports as a write error, so this reads the response with node:http.
 */
export function postOversized(baseUrl: string, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // EPIPE/ECONNRESET after the server has answered are expected; the response (or its absence) decides.
    req.on('error', (err) => setTimeout(() => reject(err), 1000));
    req.end(JSON.stringify({ orderId: 'x'.repeat(bytes) }));
  });
}
