import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';

/**
 * The request body as text (UTF-8, a leading BOM dropped like Fetch's `text()`), at most `limit` bytes:
 * larger is PAYLOAD_TOO_LARGE (from Content-Length before reading, when declared), a client that leaves
 * mid-body is CLIENT_CLOSED_REQUEST.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }));
  if (req.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    };
    const onGone = () => {
      cleanup();
      reject(new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The client closed the request' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}
