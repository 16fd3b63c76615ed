// How stale the replicas' catalog caches are: used by the replica test and reported by `pnpm bench`.
import { performance } from 'node:perf_hooks';
import { percentile, servedStock } from './replicas.js';

export interface StalenessOptions {
  /** Base URLs of the product replicas, each polled by its own loop. */
  replicas: readonly string[];
  /**
   * Pause between one replica's polls (default 2 ms). Polling without one keeps the replicas busy, and a
   * busy process waits longest for a core: on a shared machine that measures the polling, not the cache.
   */
  pollGapMs?: number;
  productId: string;
  changes: number;
  /** The bound observations are checked against. */
  boundMs: number;
  /**
   * Makes change `i`, lowering the product's stock by exactly one; resolves once it has committed, with
   * the wall-clock ms at which the row was written (the server's clock_timestamp() in the statement).
   */
  change: (i: number) => Promise<number>;
  /** Longest wait for one change to reach every replica. */
  timeoutMs?: number;
}

export interface StalenessResult {
  changes: number;
  /**
   * Per change: from its commit (the moment its writer has the commit's success, which the other sessions
   * see at the same time) to the first answer with the new value on the last replica to give one.
   */
  lagsMs: number[];
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same from the row's write: adds the commit itself (the WAL flush), which no cache can hide. */
  fromWrite: { p50Ms: number; p99Ms: number; maxMs: number };
  /** Answers served; each is checked against the bound. */
  observations: number;
  /** Answers older than a value that had committed more than boundMs before them. */
  staleAfterBound: number;
  /** A replica answering with an older value than it had already served. */
  regressions: number;
}

interface Replica {
  url: string;
  /** The lowest stock served so far, i.e. the newest value. */
  newest: number;
  /** When each value was first served. */
  seenAt: Map<number, number>;
  observations: Array<{ at: number; stock: number }>;
  regressions: number;
}


/**
 * Commits `changes` stock decrements one after another; after each, waits until every replica serves the
 * new value. Stock only falls, so the value is its own version: a higher one is older.
 */
export async function measureStaleness(options: StalenessOptions): Promise<StalenessResult> {
  /** Wall-clock ms with sub-ms resolution, comparable with the database server's clock on this machine. */
const now = () => performance.timeOrigin + performance.now();

const start = await servedStock(options.replicas[0] as string, options.productId);
  const replicas: Replica[] = options.replicas.map((url) => ({ url, newest: Infinity, seenAt: new Map(), observations: [], regressions: 0 }));
  const commits: Array<{ stock: number; ackedAt: number }> = [];
  let polling = true;
  let pollError: unknown;
  // Wakes the committing loop when a poller has seen something new (no busy wait beside the pollers).
  let wake: (() => void) | undefined;
  const waitForPollers = () => new Promise<void>((resolve) => (wake = resolve));

  const poll = async (r: Replica) => {
    while (polling) {
      const stock = await servedStock(r.url, options.productId);
      const at = now();
      r.observations.push({ at, stock });
      if (stock > r.newest) r.regressions++;
      for (let v = Math.min(r.newest - 1, start); v >= stock; v--) r.seenAt.set(v, at);
      r.newest = Math.min(r.newest, stock);
      wake?.();
      await new Promise((resolve) => setTimeout(resolve, options.pollGapMs ?? 2));
    }
  };
  const pollers = replicas.map((r) =>
    poll(r).catch((err: unknown) => {
      pollError = err;
      wake?.();
    }),
  );

  const lagsMs: number[] = [];
  const fromWriteMs: number[] = [];
  try {
    for (let i = 0; i < options.changes; i++) {
      const stock = start - (i + 1);
      const writtenAt = await options.change(i);
      const ackedAt = now();
      commits.push({ stock, ackedAt });
      const deadline = ackedAt + (options.timeoutMs ?? 5_000);
      while (replicas.some((r) => !r.seenAt.has(stock))) {
        if (pollError) throw pollError as Error;
        if (now() > deadline) throw new Error(`stock ${stock} of ${options.productId} not served by every replica within ${options.timeoutMs ?? 5_000} ms`);
        await Promise.race([waitForPollers(), new Promise((r) => setTimeout(r, 100))]);
      }
      const servedAt = Math.max(...replicas.map((r) => r.seenAt.get(stock) as number));
      // A replica may answer before the writer has read its own commit's reply: that is no lag at all.
      lagsMs.push(Math.max(0, servedAt - ackedAt));
      fromWriteMs.push(servedAt - writtenAt);
    }
  } finally {
    polling = false;
    await Promise.all(pollers);
  }

  // An answer at time t must be at least as new as everything acknowledged before t - bound.
  let staleAfterBound = 0;
  let observations = 0;
  for (const r of replicas) {
    let c = -1;
    for (const o of r.observations) {
      observations++;
      while (c + 1 < commits.length && (commits[c + 1] as { ackedAt: number }).ackedAt <= o.at - options.boundMs) c++;
      const mustHave = c >= 0 ? (commits[c] as { stock: number }).stock : start;
      if (o.stock > mustHave) staleAfterBound++;
    }
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    changes: options.changes,
    lagsMs: lagsMs.map(round),
    p50Ms: round(percentile(lagsMs, 50)),
    p99Ms: round(percentile(lagsMs, 99)),
    maxMs: round(Math.max(0, ...lagsMs)),
    fromWrite: { p50Ms: round(percentile(fromWriteMs, 50)), p99Ms: round(percentile(fromWriteMs, 99)), maxMs: round(Math.max(0, ...fromWriteMs)) },
    observations,
    staleAfterBound,
    regressions: replicas.reduce((n, r) => n + r.regressions, 0),
  };
}

/** One stock decrement, committed on its own; resolves with the server's clock just before the commit. */
export async function commitStockDecrement(client: Queryable, productId: string): Promise<number> {
  const { rows } = await client.query<{ at: number }>(
    `update products set stock = stock - 1 where id = $1 returning extract(epoch from clock_timestamp())::float8 * 1000 as at`,
    [productId],
  );
  const at = rows[0]?.at;
  if (at === undefined) throw new Error(`no product ${productId}`);
  return at;
}

interface Queryable {
  query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}
