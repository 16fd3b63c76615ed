import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import pg from 'pg';
import { PGlitePool } from './pglite-pool.js';

// int8 (counts, sums) as numbers: ours stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface DatabaseOptions {
  service: string;
  /** PostgreSQL URL; when absent the embedded PGlite in `dataDir` is used. */
  url: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
}

export interface Database<DB> {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  /** Readiness: can the database answer now? */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase<DB>(options: DatabaseOptions): Promise<Database<DB>> {
  let pool: PostgresPool;
  let kind: Database<DB>['kind'];
  if (options.url) {
    const pgPool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
      application_name: options.service,
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    pgPool.on('error', () => undefined);
    pool = pgPool;
    kind = 'postgres';
  } else {
    const dir = resolve(options.dataDir ?? `.data/${options.service}`);
    await mkdir(dir, { recursive: true });
    pool = await PGlitePool.open(dir);
    kind = 'pglite';
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
