import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** The part of PGlite we use; imported lazily so bundles for PostgreSQL never load it. */
interface PGliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<Array<{ rows: unknown[]; affectedRows?: number }>>;
  close(): Promise<void>;
  waitReady: Promise<void>;
}

function commandOf(sql: string): string {
  const word = /^\s*(?:--[^\n]*\n\s*)*(\w+)/.exec(sql)?.[1];
  return (word ?? 'SELECT').toUpperCase();
}

/**
 * PGlite is one session, so the "pool" hands out that session to one holder at a time: a Kysely
 * transaction then never interleaves with another request's statements.
 */
export class PGlitePool implements PostgresPool {
  #queue: Array<() => void> = [];
  #busy = false;

  constructor(private readonly db: PGliteLike) {}

  static async open(dataDir: string): Promise<PGlitePool> {
    let mod: { PGlite: new (dir: string) => PGliteLike };
    try {
      mod = await import('@electric-sql/pglite');
    } catch {
      throw new Error('DATABASE_URL is not set and embedded PGlite is not installed here: set DATABASE_URL to a PostgreSQL server');
    }
    const db = new mod.PGlite(dataDir);
    await db.waitReady;
    return new PGlitePool(db);
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.#busy) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#busy = true;
    const db = this.db;
    let released = false;
    const client = {
      // Kysely reads rows, command and rowCount; no parameters means a script (migrations), which only exec runs.
      query: async (sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<unknown>> => {
        if (parameters.length === 0) {
          const results = await db.exec(sql);
          const last = results.at(-1);
          return { command: commandOf(sql) as 'SELECT', rowCount: last?.affectedRows ?? last?.rows.length ?? 0, rows: last?.rows ?? [] };
        }
        const result = await db.query(sql, [...parameters]);
        return { command: commandOf(sql) as 'SELECT', rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.#queue.shift();
        if (next) next();
        else this.#busy = false;
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.db.close();
  }
}
