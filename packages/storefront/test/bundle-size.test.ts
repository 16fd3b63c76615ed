// The first page stays light: every script index.html loads (entry and preloads), gzipped, ≤ 150 KB.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const PUBLIC = fileURLToPath(new URL('../dist/public/', import.meta.url));
const LIMIT_BYTES = 150 * 1024;

describe('the built storefront', () => {
  it('loads at most 150 KB of gzipped JavaScript on the first page', () => {
    const html = readFileSync(`${PUBLIC}index.html`, 'utf8');
    const scripts = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(`${PUBLIC}${file}`), { level: 9 }).length, 0);
    console.log(`first page: ${scripts.length} script(s), ${(gzipped / 1024).toFixed(1)} KB gzipped (limit 150 KB)`);
    expect(gzipped).toBeLessThanOrEqual(LIMIT_BYTES);
  });

  it('carries no service code: the routers are imported as types only', () => {
    const html = readFileSync(`${PUBLIC}index.html`, 'utf8');
    const entry = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const code = readFileSync(`${PUBLIC}${entry}`, 'utf8');
    for (const serverOnly of ['kysely', 'scrypt', 'createCartRouter', 'pino']) expect(code, serverOnly).not.toContain(serverOnly);
  });
});
