// The load generator against the real shop: four service processes on fresh databases, real HTTP.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAMES, type ServiceName } from '@shop/kit/services';
import { createTestDatabase, freePort, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCEDURES } from '../src/mix.js';
import type { LoadSummary } from '../src/summary.js';

const SERVICES = SERVICE_NAMES;
type Service = ServiceName;
const packageDir = fileURLToPath(new URL('../', import.meta.url));
const entry = (s: Service) => fileURLToPath(new URL(`../../${s}/src/main.ts`, import.meta.url));

/** Runs the CLI as a user would, returning its exit code and output. */
async function loadgen(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('loadgen against the shop', () => {
  const dbs: TestDatabase[] = [];
  const procs = new Map<Service, ServiceProcess>();
  const ports = {} as Record<Service, number>;
  const url = (s: Service) => `http://127.0.0.1:${ports[s]}`;
  const urlFlags = () => SERVICES.flatMap((s) => [`--${s}-url`, url(s)]);

  beforeAll(async () => {
    for (const s of SERVICES) ports[s] = await freePort();
    const env: Record<Service, Record<string, string>> = {
      product: {},
      // The cheapest password hashing the user service accepts: registrations stay quick in a test.
      user: { PASSWORD_SCRYPT_LOG_N: '14' },
      cart: { PRODUCT_SERVICE_URL: url('product'), USER_SERVICE_URL: url('user') },
      order: { PRODUCT_SERVICE_URL: url('product'), USER_SERVICE_URL: url('user'), CART_SERVICE_URL: url('cart') },
    };
    await Promise.all(
      SERVICES.map(async (s) => {
        const db = await createTestDatabase(`loadgen_${s}`);
        dbs.push(db);
        const proc = await startServiceProcess({ name: s, entry: entry(s), port: ports[s], env: { ...db.env, ...env[s], LOG_LEVEL: 'warn' }, timeoutMs: 120_000 });
        procs.set(s, proc);
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...procs.values()].map((p) => p.stop()));
    await Promise.all(dbs.map((db) => db.drop()));
  });

  it('a bounded smoke run: zero errors, every procedure exercised, checkouts confirmed', async () => {
    const run = await loadgen([...urlFlags(), '--smoke', '--json', '--quiet', '--requests', '300', '--shoppers', '4', '--rate', '0', '--seed', '7']);
    expect(run.stderr).not.toContain('smoke failed');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as LoadSummary;

    expect(summary.totals.requests).toBe(300);
    expect(summary.totals.errors).toBe(0);
    expect(summary.smoke).toMatchObject({ passed: true });
    for (const procedure of PROCEDURES) expect(summary.procedures[procedure]?.count ?? 0, procedure).toBeGreaterThan(0);
    expect(summary.procedures['product.list']!.count).toBeGreaterThan(summary.procedures['order.create']!.count);
    expect(summary.orders.CONFIRMED).toBeGreaterThan(0);
    expect(summary.orders.FAILED).toBe(0);
    expect(summary.productsSeen).toBeGreaterThan(0);

    // The order service agrees: its own counter saw exactly the confirmed orders the shoppers saw.
    const metrics = await (await fetch(`${url('order')}/metrics`)).text();
    const confirmed = /^shop_orders_total\{[^}]*status="confirmed"[^}]*\} (\d+)/m.exec(metrics);
    expect(Number(confirmed?.[1])).toBe(summary.orders.CONFIRMED);
  }, 180_000);

  it('smoke mode exits 1 when a service is down and the error rate passes the threshold', async () => {
    const stopped = await freePort(); // nothing listens there: the cart service "is down"
    const flags = urlFlags().map((v) => (v === url('cart') ? `http://127.0.0.1:${stopped}` : v));
    const run = await loadgen([...flags, '--smoke', '--quiet', '--requests', '60', '--shoppers', '3', '--rate', '0', '--max-error-rate', '0.05']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/smoke failed: \d+ of 60 requests failed .* above the 5\.00% threshold/);
    expect(run.stdout).toMatch(/cart\.addItem\s+\d+\s+\d+\s+NETWORK×\d+/);
  }, 120_000);

  it('a bad flag exits 2 and says which', async () => {
    const run = await loadgen(['--shoppers', 'lots']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--shoppers must be a number (got "lots")');
  }, 60_000);
});
