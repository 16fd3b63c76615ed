import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { isConnectionFailure } from './errors.js';

/**
 * A node-postgres pool for kysely that no lost connection can take the process down with, and that never
 * hands out a connection known to be dead:
 * - node-postgres listens for a client's 'error' only while the client is idle in the pool; a connection
 *   that dies while checked out (a transaction between statements when the server restarts, fails over or
 *   `pg_terminate_backend` ends it) emits an 'error' nobody hears, which Node turns into an exit.
 *   Every client gets a listener of its own for its whole life.
 * - a client whose query failed for its connection (terminated, timed out unanswered) is destroyed on
 *   release instead of going back to the pool; the pool opens a new one when needed.
 */
export class ResilientPool implements PostgresPool {
  readonly #pool: pg.Pool;

  constructor(config: pg.PoolConfig) {
    this.#pool = new pg.Pool(config);
    // An idle client losing its server: the pool has already dropped it.
    this.#pool.on('error', () => undefined);
    this.#pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    const query = (text: unknown, values?: readonly unknown[]) => {
      // A cursor (kysely's stream()) is handed over as it is.
      if (typeof text !== 'string') return client.query(text as never);
      return client.query(text, values as unknown[]).catch((err: unknown) => {
        if (isConnectionFailure(err)) broken = err as Error;
        throw err;
      });
    };
    return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release(broken) };
  }

  end(): Promise<void> {
    return this.#pool.end();
  }
}
