import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startServiceProcess, type TestDatabase } from '../src/testing/index.js';
import { bundleEcho, node24 } from './support/bundle.js';

describe('a service bundle', () => {
  let buildDir = '';
  let runDir = '';
  let db: TestDatabase | undefined;

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'shop-bundle-build-'));
    runDir = await mkdtemp(join(tmpdir(), 'shop-bundle-run-'));
    await copyFile(await bundleEcho(buildDir), join(runDir, 'main.js'));
  }, 240_000);

  afterAll(async () => {
    await rm(buildDir, { recursive: true, force: true });
    await rm(runDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('is one file in a folder without node_modules', async () => {
    expect(await readdir(runDir)).toEqual(['main.js']);
  });

  it('imports Node modules through require(), not ESM (whose facade of node:http loads undici at start)', async () => {
    const text = await readFile(join(runDir, 'main.js'), 'utf8');
    const esmImports = text.split('\n').filter((line) => /^import\b/.test(line));
    expect(esmImports).toEqual([expect.stringContaining("from 'node:module'")]);
    expect(text).toContain('require("node:http")');
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
