import { execFileSync } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startServiceProcess, type TestDatabase } from '../src/testing/index.js';
import { serviceBundle } from '../build/service-bundle.js';
import { echoEntry } from './support/echo.js';

// The same bundling as the services' tsup.config.ts.
async function bundle(outDir: string): Promise<string> {
  await build(serviceBundle({ entry: { main: echoEntry }, outDir, silent: true, sourcemap: false }));
  return join(outDir, 'main.js');
}

/** A Node 24 binary: NODE24_BIN if given, else the `node` npm package fetched by npx (cached after the first run). */
function node24(): string {
  if (process.env.NODE24_BIN) return process.env.NODE24_BIN;
  return execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8', timeout: 240_000 }).trim();
}

describe('a service bundle', () => {
  let buildDir = '';
  let runDir = '';
  let db: TestDatabase | undefined;

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'shop-bundle-build-'));
    runDir = await mkdtemp(join(tmpdir(), 'shop-bundle-run-'));
    await copyFile(await bundle(buildDir), join(runDir, 'main.js'));
  }, 240_000);

  afterAll(async () => {
    await rm(buildDir, { recursive: true, force: true });
    await rm(runDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('is one file in a folder without node_modules', async () => {
    expect(await readdir(runDir)).toEqual(['main.js']);
  });

  it('without DATABASE_URL, says what to set and exits 1', () => {
    const result = spawnSync(process.execPath, ['main.js'], {
      cwd: runDir,
      env: { PATH: process.env.PATH, PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('set DATABASE_URL');
  });

  // Served on the run's PostgreSQL (DATABASE_URL, or the one the preset started).
  it.each([
    ['Node 20', () => process.execPath],
    ['Node 24', node24],
  ])('starts and answers /healthz and a procedure on %s', async (_label, nodeBinary) => {
    db ??= await createTestDatabase('bundle');
    const binary = nodeBinary();
    const service = await startServiceProcess({ name: 'echo-bundle', entry: join(runDir, 'main.js'), cwd: runDir, node: binary, env: db.env });
    try {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      const res = await fetch(`${service.url}/trpc/echo.ping?input=${encodeURIComponent('{"text":"bundled"}')}`);
      expect(await res.json()).toEqual({ result: { data: { text: 'bundled' } } });
    } finally {
      expect(await service.stop()).toBe(0);
    }
  }, 300_000);
});
