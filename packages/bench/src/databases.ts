import { createTestDatabase, type TestDatabase } from '@shop/kit/testing';
import pg from 'pg';
import { SERVICES, type ServiceName } from './paths.js';

export interface BenchDatabases {
  /** What the report names: "PostgreSQL 15.8" or "PGlite 0.5.16 (embedded)". */
  label: string;
  kind: 'postgres' | 'pglite';
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

/** A fresh database per service: on the DATABASE_URL server when set, embedded PGlite folders otherwise. */
export async function createBenchDatabases(pgliteVersion: string): Promise<BenchDatabases> {
  const dbs = {} as Record<ServiceName, TestDatabase>;
  for (const { name } of SERVICES) dbs[name] = await createTestDatabase(`bench_${name}`);
  const kind = dbs.user.kind;
  const serverUrl = process.env.DATABASE_URL;
  const label = kind === 'postgres' && serverUrl ? `PostgreSQL ${await postgresVersion(serverUrl)}` : `PGlite ${pgliteVersion} (embedded)`;
  return {
    label,
    kind,
    env: Object.fromEntries(SERVICES.map(({ name }) => [name, dbs[name].env])) as BenchDatabases['env'],
    drop: async () => {
      await Promise.all(Object.values(dbs).map((db) => db.drop()));
    },
  };
}
