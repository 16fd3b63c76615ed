// The key functions called directly against a real PostgreSQL database, where replicas really race.
import { createTestDatabase, type TestDatabase } from '@shop/kit/testing';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import type { UserDatabase } from '../src/db/schema.js';
import { KeyStore } from '../src/keys/key-store.js';
import { ensureSigningKey, loadSigningKeys, rotateSigningKey } from '../src/keys/signing-keys.js';

const postgres = Boolean(process.env.DATABASE_URL);
let database: TestDatabase;
let db: Kysely<UserDatabase>;

beforeAll(async () => {
  if (!postgres) return;
  database = await createTestDatabase('user-key-store');
  const pool = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 10 });
  // Dropping the test database ends idle connections from the server side; that is expected here.
  pool.on('error', () => undefined);
  db = new Kysely<UserDatabase>({ dialect: new PostgresDialect({ pool }) });
  for (const m of migrations) await sql.raw(m.sql).execute(db);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const store = () => new KeyStore(db, { tokenTtlSeconds: 900, refreshSeconds: 1, maxAgeSeconds: 0, publishSeconds: 0 });
const kidsOf = async (s: KeyStore) => (await s.jwks()).keys.map((k) => k.kid).sort();

describe.skipIf(!postgres)('signing keys on PostgreSQL', () => {
  it('ten replicas creating the first key at once make exactly one', async () => {
    await Promise.all(Array.from({ length: 10 }, () => ensureSigningKey(db)));
    const keys = await loadSigningKeys(db);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.generation).toBe(1);
  });

  it('concurrent rotations agree on one new key, which every store then signs with', async () => {
    const [before] = await loadSigningKeys(db);
    const rotated = await Promise.all(Array.from({ length: 5 }, () => rotateSigningKey(db, 0, before?.generation)));
    expect(new Set(rotated.map((k) => k.kid)).size).toBe(1);
    const keys = await loadSigningKeys(db);
    expect(keys.map((k) => k.generation)).toEqual([1, 2]);
    const signer = await store().signer();
    expect(signer.kid).toBe(rotated[0]?.kid);
    expect(signer.kid).not.toBe(before?.kid);
  });

  it('keeps a retired key published while its tokens may live, then drops it', async () => {
    const [first, second] = await loadSigningKeys(db);
    expect(await kidsOf(store())).toEqual([first!.kid, second!.kid].sort());
    // Pretend the second key took over two hours ago: tokens of the first (15 minutes) have all expired.
    await sql`update signing_keys set signs_from = now() - interval '2 hours' where generation = 2`.execute(db);
    expect(await kidsOf(store())).toEqual([second!.kid]);
    const resolved = store().resolveKey({ alg: 'EdDSA', kid: first!.kid }, { payload: '', signature: '' });
    await expect(resolved).rejects.toThrow(/no applicable key/i);
  });

  it('publishes a pre-announced key before it signs', async () => {
    const next = await rotateSigningKey(db, 3600);
    const s = store();
    expect(await kidsOf(s)).toContain(next.kid);
    expect((await s.signer()).kid).not.toBe(next.kid);
  });
});
