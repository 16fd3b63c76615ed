import { sql, type Kysely } from 'kysely';

/** A forward-only migration: its name orders it and is recorded once applied. */
export interface Migration {
  name: string;
  sql: string;
}

/**
 * Applies, in name order, the migrations not yet recorded, all in one transaction under an advisory lock,
 * so replicas starting together apply each migration once and a failure leaves nothing half-done.
 * Returns the names applied.
 */
export async function migrate(db: Kysely<unknown>, migrations: readonly Migration[]): Promise<string[]> {
  const names = migrations.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new Error('duplicate migration names');
  const ordered = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7361726)`.execute(trx);
    await sql`create table if not exists kit_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(trx);
    const done = await sql<{ name: string }>`select name from kit_migrations`.execute(trx);
    const applied = new Set(done.rows.map((r) => r.name));
    // Names this build does not know belong to a newer replica mid-rollout: forward-only, so nothing to undo.
    const fresh: string[] = [];
    for (const migration of ordered) {
      if (applied.has(migration.name)) continue;
      await sql.raw(migration.sql).execute(trx);
      await sql`insert into kit_migrations (name) values (${migration.name})`.execute(trx);
      fresh.push(migration.name);
    }
    return fresh;
  });
}
