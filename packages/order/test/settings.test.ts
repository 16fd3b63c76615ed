import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const entry = new URL('../src/main.ts', import.meta.url).pathname;
const callees = {
  CART_SERVICE_URL: 'http://127.0.0.1:9',
  PRODUCT_SERVICE_URL: 'http://127.0.0.1:9',
  USER_SERVICE_URL: 'http://127.0.0.1:9',
};

/** Runs the real entry with `env` only; it must stop before touching any database or port. */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH, OTEL_SDK_DISABLED: 'true', DATABASE_URL: 'postgres://db.invalid/order', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('order settings (ORDER_*)', () => {
  it('a bad ORDER_* variable exits 1 with one line naming it, no ZodError and no stack', () => {
    const result = start({ ...callees, ORDER_RECOVERY_INTERVAL_MS: 'soon', ORDER_TEST_CRASH: 'sometimes' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^invalid environment for order: ORDER_RECOVERY_INTERVAL_MS .*\(got "soon"\); ORDER_TEST_CRASH .*\(got "sometimes"\)$/);
    expect(result.stderr).not.toMatch(/ZodError|\bat .+:\d+:\d+/);
    expect(result.stdout).toBe('');
  });

  it('names a bad ORDER_* variable and a bad kit variable in the same line', () => {
    const result = start({ ...callees, ORDER_DUPLICATE_WAIT_MS: '-1', PORT: 'eighty' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT ');
    expect(lines[0]).toContain('ORDER_DUPLICATE_WAIT_MS ');
  });
});
