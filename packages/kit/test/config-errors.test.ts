import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, ConfigError } from '../src/config/env.js';
import { startService } from '../src/service.js';
import { router } from '../src/trpc/procedures.js';
import { echoEntry } from './support/echo.js';

describe('configuration', () => {
  it('applies defaults and strips trailing slashes from service URLs', () => {
    const config = loadConfig('cart', ['product'], { PRODUCT_SERVICE_URL: 'http://product:8080/', DATABASE_URL: 'postgres://db/cart' });
    expect(config.PORT).toBe(8080);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.services.product).toBe('http://product:8080');
  });

  it('names every bad or missing variable in one message', () => {
    let error: unknown;
    try {
      loadConfig('order', ['product', 'user'], { PORT: 'eighty', LOG_LEVEL: 'loud', PRODUCT_SERVICE_URL: 'not a url', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'LOG_LEVEL', 'PRODUCT_SERVICE_URL', 'USER_SERVICE_URL', 'DATABASE_URL']) expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });

  it("validates a service's own settings in the same pass and returns them parsed", () => {
    const settings = z.object({ ECHO_DELAY_MS: z.coerce.number().int().min(0).default(5), ECHO_MODE: z.enum(['loud', 'quiet']) });
    const config = loadConfig('echo', [], { ECHO_MODE: 'quiet', PORT: '81', DATABASE_URL: 'postgres://db/echo' }, settings);
    expect(config.settings).toEqual({ ECHO_DELAY_MS: 5, ECHO_MODE: 'quiet' });
    expect(config.PORT).toBe(81);
    expect(() => loadConfig('echo', [], { ECHO_DELAY_MS: '-3', PORT: 'x', DATABASE_URL: 'postgres://db/echo' }, settings)).toThrow(
      /^invalid environment for echo: PORT .*; ECHO_DELAY_MS .*\(got "-3"\); ECHO_MODE .*\(missing\)$/,
    );
  });

  it('a shop service needs the URLs of the callees the one service list names for it', async () => {
    const start = startService({ name: 'order', setup: () => ({ router: router({}) }) }, { env: { PORT: '0' }, ownProcess: false });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/CART_SERVICE_URL .*\(missing\); PRODUCT_SERVICE_URL .*\(missing\); USER_SERVICE_URL .*\(missing\)/);
  });

  it('a service started with a bad variable prints one clear line and exits with code 1', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', echoEntry], {
      env: { PATH: process.env.PATH, PORT: 'abc', OTEL_TRACES_SAMPLER_ARG: '7' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^invalid environment for echo: PORT .*; OTEL_TRACES_SAMPLER_ARG .*\(got "7"\)$/);
    expect(result.stdout).toBe('');
  });
});
