import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

const entry = new URL('../src/main.ts', import.meta.url).pathname;

it('a bad user setting exits 1 with the kit\'s one line naming it (no stack)', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH, OTEL_SDK_DISABLED: 'true', DATABASE_URL: 'postgres://db.invalid/user', TOKEN_TTL_SECONDS: '0', PASSWORD_SCRYPT_LOG_N: 'strong' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^invalid environment for user: TOKEN_TTL_SECONDS .*\(got "0"\); PASSWORD_SCRYPT_LOG_N .*\(got "strong"\)$/);
  expect(result.stderr).not.toMatch(/ZodError|\bat .+:\d+:\d+/);
});
