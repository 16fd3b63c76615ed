// The catalog cache's staleness as the benchmark reports it: a second product replica on the same
// database, and stock changes committed by another writer, timed until both replicas serve them.
import { freePort } from '@shop/kit/testing';
import { commitStockDecrement, measureStaleness } from '@shop/product/staleness';
import pg from 'pg';
import { LIMITS, type StalenessMeasurement } from './report.js';
import { spawnBundle, type SpawnOptions } from './process.js';

export async function measureReplicaStaleness(options: {
  productOrigin: string;
  productDbUrl: string;
  productId: string;
  changes: number;
  /** How to start the second replica: the first one's bundle, environment and Node. */
  replica: Omit<SpawnOptions, 'port' | 'name'>;
}): Promise<StalenessMeasurement> {
  const second = await spawnBundle({ ...options.replica, name: 'product-replica-2', port: await freePort() });
  const writer = new pg.Client({ connectionString: options.productDbUrl });
  await writer.connect();
  try {
    const run = await measureStaleness({
      replicas: [options.productOrigin, second.url],
      productId: options.productId,
      changes: options.changes,
      boundMs: LIMITS.stalenessP99Ms,
      change: () => commitStockDecrement(writer, options.productId),
    });
    return {
      replicas: 2,
      changes: run.changes,
      p50Ms: run.p50Ms,
      p99Ms: run.p99Ms,
      maxMs: run.maxMs,
      fromWrite: run.fromWrite,
      staleAfterBound: run.staleAfterBound,
      regressions: run.regressions,
    };
  } finally {
    await writer.end();
    await second.stop();
  }
}
