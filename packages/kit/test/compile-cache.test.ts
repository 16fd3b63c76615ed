import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEcho, node24 } from './support/bundle.js';

const script = fileURLToPath(new URL('../build/compile-cache.mjs', import.meta.url));

// What the Dockerfile's compile-cache stage does, and what the read-only container then does with it.
describe('the compile cache an image ships', () => {
  let buildDir = '';
  let appDir = '';
  let node = '';
  const cache = () => join(appDir, 'compile-cache');

  beforeAll(async () => {
    node = node24();
    buildDir = await mkdtemp(join(tmpdir(), 'shop-cc-build-'));
    appDir = await mkdtemp(join(tmpdir(), 'shop-cc-app-'));
    await copyFile(await bundleEcho(buildDir), join(appDir, 'main.mjs'));
  }, 240_000);

  afterAll(async () => {
    for (const e of await readdir(cache(), { recursive: true, withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await chmod(join(e.parentPath, e.name), 0o755);
    }
    await chmod(cache(), 0o755).catch(() => undefined);
    await rm(buildDir, { recursive: true, force: true });
    await rm(appDir, { recursive: true, force: true });
  });

  it('is written without running the bundle, read-only for everyone', async () => {
    // No DATABASE_URL: had the bundle run, it would have exited 1 asking for one.
    const result = spawnSync(node, [script, join(appDir, 'main.mjs'), cache()], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = (await readdir(cache(), { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    const sizes = await Promise.all(files.map(async (f) => (await stat(join(f.parentPath, f.name))).size));
    expect(Math.max(...sizes)).toBeGreaterThan(10_000); // the bundle's code cache, beside the probe's
    for (const f of files) expect((await stat(join(f.parentPath, f.name))).mode & 0o777).toBe(0o444);
    expect((await stat(cache())).mode & 0o777).toBe(0o555);
  }, 120_000);

  it('is accepted at start and nothing is written back', () => {
    const result = spawnSync(node, [join(appDir, 'main.mjs')], {
      env: { PATH: process.env.PATH, PORT: '0', NODE_COMPILE_CACHE: cache(), NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    // Without a database the echo service stops at once, after its module was loaded from the cache.
    expect(result.stderr).toMatch(/V8 code cache for ESM file:\/\/\S+main\.mjs was accepted/);
    expect(result.stderr).toMatch(/skip persisting ESM file:\/\/\S+main\.mjs because cache was the same/);
    expect(result.stderr).not.toMatch(/writing cache/i);
  }, 60_000);

  it('says what is wrong when the bundle cannot compile', async () => {
    const bad = join(buildDir, 'bad.mjs');
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, 'export const = ;\n'));
    const result = spawnSync(node, [script, bad, join(buildDir, 'bad-cache')], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`could not compile ${bad}`);
  }, 60_000);
});
