import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate, type Migration } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

const migrations: Migration[] = [
  { name: '001_items', sql: 'create table items (id serial primary key, name text not null);' },
  { name: '002_seed', sql: "insert into items (name) values ('a'), ('b'); create index items_name on items (name);" },
];

describe('migrations', () => {
  let testDb: TestDatabase;
  const opened: Array<Database<unknown>> = [];
  afterAll(async () => {
    for (const d of opened) await d.close();
    await testDb.drop();
  });

  function open(): Database<unknown> {
    const d = openDatabase<unknown>({ service: 'migrations', url: testDb.url, poolSize: 2 });
    opened.push(d);
    return d;
  }

  it('replicas starting together apply each migration exactly once', async () => {
    testDb = await createTestDatabase('migrations');
    // Two pools: two replicas.
    const first = open();
    const second = open();
    const results = await Promise.all([migrate(first.db, migrations), migrate(second.db, migrations), migrate(first.db, migrations)]);
    expect(results.flat().sort()).toEqual(['001_items', '002_seed']);
    const rows = await sql<{ n: number }>`select count(*)::int as n from items`.execute(first.db);
    expect(rows.rows[0]?.n).toBe(2);
  });

  it('a later start applies only what is new, and a failing migration leaves nothing behind', async () => {
    const d = opened[0] as Database<unknown>;
    expect(await migrate(d.db, migrations)).toEqual([]);
    const broken: Migration[] = [...migrations, { name: '003_ok', sql: 'create table extra (id int);' }, { name: '004_bad', sql: 'select * from missing_table;' }];
    await expect(migrate(d.db, broken)).rejects.toThrow(/missing_table/);
    const extra = await sql<{ t: string | null }>`select to_regclass('extra')::text as t`.execute(d.db);
    expect(extra.rows[0]?.t).toBeNull();
    expect(await migrate(d.db, [...migrations, { name: '003_ok', sql: 'create table extra (id int);' }])).toEqual(['003_ok']);
  });
});
