import { afterAll, describe, expect, it } from 'vitest';
import type { ServiceProcess, TestDatabase } from '../src/testing/index.js';
import { logLines, startEcho } from './support/echo.js';

describe('graceful shutdown', () => {
  let echo: { service: ServiceProcess; db: TestDatabase } | undefined;
  afterAll(async () => {
    await echo?.service.kill();
    await echo?.db.drop();
  });

  it('on SIGTERM fails readiness at once, lets the in-flight request finish, then exits 0', async () => {
    echo = await startEcho('drain', { SHUTDOWN_TIMEOUT_MS: '20000' });
    const { service } = echo;
    const inFlight = fetch(`${service.url}/trpc/echo.slow?input=${encodeURIComponent('{"ms":2500}')}`);
    await new Promise((r) => setTimeout(r, 300));
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));

    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { status: string }).status).toBe('draining');
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { data: { waited: 2500 } } });

    expect(await service.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(logLines(service).some((l) => l.msg === 'stopped')).toBe(true);
  });
});
