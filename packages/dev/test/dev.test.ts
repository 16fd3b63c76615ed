import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@shop/kit/testing';
import { SHOP_SERVICES, localUrl } from '../src/shop-layout.js';

const isOpen = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
};

describe('pnpm dev', () => {
  let dataDir = '';
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('starts PostgreSQL and all four services, prints where they are, and stops them all on Ctrl-C', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shop-dev-'));
    // PostgreSQL runs as the postgres user when we are root: it must reach its folder inside this one.
    await chmod(dataDir, 0o755);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, SHOP_DATA_DIR: dataDir, SHOP_DB_PORT: String(await freePort()), DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 200_000;
    while (!output.includes('The shop is running') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output, output).toContain('The shop is running');
    for (const { name } of SHOP_SERVICES) {
      expect(output).toContain(`${localUrl(name)}/trpc`);
      expect(await isOpen(`${localUrl(name)}/readyz`), `${name} ready`).toBe(true);
    }
    const list = await fetch(`${localUrl('product')}/trpc/product.list?input=${encodeURIComponent('{"limit":2}')}`);
    expect(list.status).toBe(200);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const { name } of SHOP_SERVICES) expect(await isOpen(`${localUrl(name)}/healthz`), `${name} stopped`).toBe(false);
  }, 240_000);
});
