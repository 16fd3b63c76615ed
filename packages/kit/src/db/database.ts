import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ResilientPool } from './resilient-pool.js';

// int8 (counts, sums) as numbers: ours stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/**
 * How long any one wait on the database may last. Each is below the callers' deadline (CALL_TIMEOUT_MS,
 * 5 s by default), so a database that is slow, locked or gone turns into a prompt SERVICE_UNAVAILABLE
 * instead of a request hanging until the caller gives up.
 */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectMs: number;
  /** One statement on the server (statement_timeout); the client gives up shortly after (the server may be unreachable). */
  statementMs: number;
  /** Waiting for a row or table lock (lock_timeout). */
  lockMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 2_000, statementMs: 3_000, lockMs: 2_000 };

export interface DatabaseOptions {
  service: string;
  url: string;
  poolSize?: number;
  timeouts?: Partial<DatabaseTimeouts>;
}

export interface Database<DB> {
  db: Kysely<DB>;
  /**
   * Runs `work` on a connection of its own without the statement bounds (migrations, and replicas waiting
   * for another's migrations, may take longer than any request may); connecting is still bounded.
   */
  unbounded<T>(work: (db: Kysely<unknown>) => Promise<T>): Promise<T>;
  /** Readiness: can the database answer within `timeoutMs`? Never waits longer. */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** A kysely over a node-postgres pool that survives lost connections (see ResilientPool) and bounds every wait. */
export function openDatabase<DB>(options: DatabaseOptions): Database<DB> {
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  const pool = new ResilientPool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    // A transaction left open by a request that lost its way must not hold locks for long.
    idle_in_transaction_session_timeout: 10 * timeouts.statementMs,
    // The server's statement_timeout cannot fire when the server is unreachable: the client's own bound.
    query_timeout: timeouts.statementMs + 500,
    keepAlive: true,
    application_name: options.service,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    async unbounded(work) {
      const single = new ResilientPool({
        connectionString: options.url,
        max: 1,
        connectionTimeoutMillis: timeouts.connectMs,
        keepAlive: true,
        application_name: `${options.service}-migrate`,
      });
      const session = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: single }) });
      try {
        return await work(session);
      } finally {
        await session.destroy();
      }
    },
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, timeoutMs, false)));
      const answered = sql`select 1`.execute(db).then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([answered, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => db.destroy(),
  };
}
