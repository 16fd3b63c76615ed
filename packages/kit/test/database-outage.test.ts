// A service whose database goes away: its connections terminated under load (a failover, a restart), or its
// packets dropped (a partition). The process must live, in-flight calls answer 503, /readyz tells the
// truth within its probe timeout, and everything recovers without a restart.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startServiceProcess, startTcpProxy, type ServiceProcess, type TcpProxy, type TestDatabase } from '../src/testing/index.js';
import { echoEntry } from './support/echo.js';

const add = async (url: string, holdMs: number): Promise<{ status: number; ms: number; code?: string }> => {
  const started = performance.now();
  try {
    const res = await fetch(`${url}/trpc/notes.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x', holdMs }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json()) as { error?: { data?: { code?: string } } };
    return { status: res.status, ms: performance.now() - started, code: body.error?.data?.code };
  } catch (err) {
    return { status: 0, ms: performance.now() - started, code: (err as Error).name };
  }
};

const ready = async (url: string): Promise<{ status: number; ms: number }> => {
  const started = performance.now();
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, ms: performance.now() - started };
};

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a lost database connection', () => {
  const name = 'echo_chaos';
  let db: TestDatabase;
  let service: ServiceProcess;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    service = await startServiceProcess({ name, entry: echoEntry, env: { ...db.env, ECHO_NAME: name, DATABASE_POOL_SIZE: '6' } });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await service?.stop();
    await db?.drop();
  });

  it('terminated again and again under load: the process lives, calls answer 200 or 503, never 500', async () => {
    const results: Array<{ status: number; code?: string }> = [];
    let terminated = 0;
    let loading = true;
    const workers = Array.from({ length: 8 }, async () => {
      while (loading) results.push(await add(service.url, 40));
    });
    for (let round = 0; round < 12; round++) {
      await new Promise((r) => setTimeout(r, 150));
      const killed = await admin.query<{ ok: boolean }>(
        'select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
        [name],
      );
      terminated += killed.rowCount ?? 0;
    }
    loading = false;
    await Promise.all(workers);

    expect(service.child.exitCode, service.output()).toBeNull();
    expect(terminated).toBeGreaterThan(10);
    const statuses = new Set(results.map((r) => r.status));
    expect([...statuses].sort(), JSON.stringify(results.filter((r) => r.status !== 200).slice(0, 5))).toEqual(
      [...statuses].filter((s) => s === 200 || s === 503).sort(),
    );
    expect(results.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 503).every((r) => r.code === 'SERVICE_UNAVAILABLE')).toBe(true);
    // The pool reconnects: the next calls simply work.
    expect((await add(service.url, 0)).status).toBe(200);
    expect((await ready(service.url)).status).toBe(200);
    expect(service.output()).not.toContain('Unhandled');
  }, 60_000);
});

describe('an unreachable database', () => {
  const name = 'echo_blackhole';
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: ServiceProcess;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    service = await startServiceProcess({ name, entry: echoEntry, env: { DATABASE_URL: proxy.rewrite(db.url), ECHO_NAME: name } });
  });
  afterAll(async () => {
    await service?.stop();
    await proxy?.close();
    await db?.drop();
  });

  it('packets dropped: calls answer 503 within the callers’ 5 s deadline, /readyz 503 within its 2 s probe timeout; then it recovers', async () => {
    expect((await add(service.url, 0)).status).toBe(200);
    proxy.set('blackhole');
    const [calls, probe] = await Promise.all([Promise.all(Array.from({ length: 6 }, () => add(service.url, 0))), ready(service.url)]);
    expect(probe.status).toBe(503);
    expect(probe.ms).toBeLessThan(2_000);
    for (const call of calls) {
      expect(call.code).toBe('SERVICE_UNAVAILABLE');
      expect(call.status).toBe(503);
      expect(call.ms).toBeLessThan(5_000);
    }
    // Calls that find no free connection also give up in time (the pool's wait is bounded too).
    const later = await add(service.url, 0);
    expect(later.status).toBe(503);
    expect(later.ms).toBeLessThan(5_000);
    expect(service.child.exitCode).toBeNull();

    proxy.set('pass');
    await eventually(async () => (await ready(service.url)).status === 200, 15_000);
    expect((await add(service.url, 0)).status).toBe(200);
  }, 60_000);

  it('connections refused: 503 at once, /readyz 503; then it recovers', async () => {
    proxy.set('refuse');
    const call = await add(service.url, 0);
    expect(call.status).toBe(503);
    expect(call.ms).toBeLessThan(2_000);
    expect((await ready(service.url)).status).toBe(503);
    proxy.set('pass');
    await eventually(async () => (await ready(service.url)).status === 200, 15_000);
    expect((await add(service.url, 0)).status).toBe(200);
    expect(service.child.exitCode).toBeNull();
  }, 60_000);
});
