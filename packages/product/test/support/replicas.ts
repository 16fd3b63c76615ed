import pg from 'pg';

/** The stock `product.get` on `baseUrl` answers with now (plain fetch: the poll loop must be cheap). */
export async function servedStock(baseUrl: string, id: string): Promise<number> {
  const res = await fetch(`${baseUrl}/trpc/product.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  const body = (await res.json()) as { result?: { data?: { stock?: number } } };
  const stock = body.result?.data?.stock;
  if (typeof stock !== 'number') throw new Error(`product.get ${id} on ${baseUrl}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return stock;
}

/** One value of a Prometheus counter or gauge without labels, from the service's /metrics. */
export async function metricValue(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`${name} not in ${baseUrl}/metrics`);
  return Number(match[1]);
}

/** Polls `check` until it holds (or throws after `timeoutMs`). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`);
}

/** A direct session on a test database (the test's "other writer" and its view of pg_stat_activity). */
export async function connect(env: Record<string, string>): Promise<pg.Client> {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('these tests need DATABASE_URL (LISTEN/NOTIFY across replicas needs a PostgreSQL server)');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** The share of a Prometheus histogram's observations at or below the bucket `le`, from /metrics. */
export async function histogramShare(baseUrl: string, name: string, le: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const bucket = new RegExp(`^${name}_bucket\\{[^}]*le="${le}"[^}]*\\} (\\S+)$`, 'm').exec(text);
  const count = new RegExp(`^${name}_count(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  if (!bucket || !count) throw new Error(`${name} bucket ${le} not in ${baseUrl}/metrics`);
  return Number(count[1]) === 0 ? 1 : Number(bucket[1]) / Number(count[1]);
}
