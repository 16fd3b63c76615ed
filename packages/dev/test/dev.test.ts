import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@shop/kit/testing';
import { SHOP_SERVICES, localUrl, repoRoot, storefrontUrl } from '../src/shop-layout.js';

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

  it('`pnpm dev` starts PostgreSQL, serves the shop at :3000 (pages and proxied services), prints that first, and Ctrl-C ends quietly with 0', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shop-dev-'));
    // PostgreSQL runs as the postgres user when we are root: it must reach its folder inside this one.
    await chmod(dataDir, 0o755);
    // As from a terminal: `pnpm dev` in a process group of its own, so Ctrl-C can go to the whole group.
    const child = spawn('pnpm', ['dev'], {
      cwd: repoRoot,
      env: { ...process.env, SHOP_DATA_DIR: dataDir, SHOP_DB_PORT: String(await freePort()), DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
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

    // The address to open is the first thing the shop prints, and it is the whole shop.
    const shopLines = output.split('\n').filter((l) => !l.startsWith('>') && l.trim() !== '');
    expect(shopLines[0]).toContain(storefrontUrl());
    const page = await fetch(`${storefrontUrl()}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    for (const [service, path] of [['product', 'product.list'], ['user', 'user.me'], ['cart', 'cart.get'], ['order', 'order.list']] as const) {
      const res = await fetch(`${storefrontUrl()}/trpc/${path}`);
      // product.list is public; the others answer the caller's missing token, which proves the call got there.
      expect(res.status, `${service} through :3000`).toBe(service === 'product' ? 200 : 401);
    }

    // Ctrl-C: the terminal signals every process in the group.
    process.kill(-(child.pid as number), 'SIGINT');
    const code = await exited;
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE|Command failed/);
    for (const { name } of SHOP_SERVICES) expect(await isOpen(`${localUrl(name)}/healthz`), `${name} stopped`).toBe(false);
    expect(await isOpen(`${storefrontUrl()}/healthz`), 'storefront stopped').toBe(false);
  }, 240_000);
});
