import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../src/config/env.js';
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
