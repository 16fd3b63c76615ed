// The built pages, held in memory (a few hundred KB) with a gzip copy of each, so a request costs no disk
// read and no compression. Hashed assets are cached for a year; index.html is always revalidated.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isPagePath } from '../page-paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.map']);

interface StaticFile {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

export interface StaticFiles {
  /** Answers GET/HEAD for a file, or index.html for a page path (200) or any other extension-less path (404); false otherwise. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  count: number;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}

export async function loadStaticFiles(root: string): Promise<StaticFiles> {
  const files = new Map<string, StaticFile>();
  for (const path of await walk(root)) {
    const url = `/${relative(root, path).split(sep).join('/')}`;
    const body = await readFile(path);
    const ext = extname(path);
    files.set(url, {
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? gzipSync(body, { level: 9 }) : undefined,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      cacheControl: url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  const index = files.get('/index.html');
  if (!index) throw new Error(`${root} has no index.html: run \`pnpm --filter @shop/storefront build\``);

  return {
    count: files.size,
    serve(req, res, pathname) {
      // A path with a file extension names a file; any other path is the app, which shows the page or "not found".
      const file = files.get(pathname) ?? (extname(pathname) === '' ? index : undefined);
      if (!file) return false;
      const status = file === index && pathname !== '/index.html' && !isPagePath(pathname) ? 404 : 200;
      const headers: Record<string, string> = {
        'content-type': file.type,
        'cache-control': file.cacheControl,
        etag: file.etag,
        vary: 'accept-encoding',
        'x-content-type-options': 'nosniff',
      };
      if (file === index) {
        headers['content-security-policy'] = "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
        headers['referrer-policy'] = 'same-origin';
      }
      if (status === 200 && req.headers['if-none-match'] === file.etag) {
        res.writeHead(304, headers).end();
        return true;
      }
      const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = gzip && file.gzip ? file.gzip : file.body;
      if (gzip) headers['content-encoding'] = 'gzip';
      headers['content-length'] = String(body.length);
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
  };
}
