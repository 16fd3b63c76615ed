import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { SigningKeysTable, UserDatabase } from '../db/schema.js';

export const SIGNING_ALG = 'EdDSA';

export type SigningKeyRow = Selectable<SigningKeysTable>;

async function newKeyPair(): Promise<{ kid: string; public_jwk: string; private_jwk: string }> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const kid = randomUUID();
  return {
    kid,
    public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' }),
    private_jwk: JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG }),
  };
}

export async function loadSigningKeys(db: Kysely<UserDatabase>): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().orderBy('generation').execute();
}

/**
 * Adds generation `generation` unless a replica already did (the unique generation makes racing replicas
 * agree on one key), and returns whichever key holds that generation.
 */
async function insertGeneration(db: Kysely<UserDatabase>, generation: number, delaySeconds: number): Promise<SigningKeyRow> {
  const pair = await newKeyPair();
  await db
    .insertInto('signing_keys')
    .values({
      generation,
      ...pair,
      alg: SIGNING_ALG,
      signs_from: sql<Date>`now() + make_interval(secs => ${delaySeconds})`,
    })
    .onConflict((oc) => oc.column('generation').doNothing())
    .execute();
  return db.selectFrom('signing_keys').selectAll().where('generation', '=', generation).executeTakeFirstOrThrow();
}

/** The first key, created once however many replicas start together on an empty database. */
export async function ensureSigningKey(db: Kysely<UserDatabase>): Promise<void> {
  const existing = await db.selectFrom('signing_keys').select('generation').limit(1).executeTakeFirst();
  if (!existing) await insertGeneration(db, 1, 0);
}

/**
 * Rotation: a new key that signs from `publishSeconds` from now. Until then it is only published, so
 * verifiers that cache the JWKS learn it before any token carries it; older keys stay published until
 * the tokens they signed have expired. Nobody is logged out.
 */
export async function rotateSigningKey(db: Kysely<UserDatabase>, publishSeconds: number, replacing?: number): Promise<SigningKeyRow> {
  // Replicas that judged the same key too old name the generation they replace, so they all agree on its
  // successor; re-reading the newest instead would stack a third key when one reads after another's insert.
  const current =
    replacing ?? (await db.selectFrom('signing_keys').select(({ fn }) => fn.max('generation').as('max')).executeTakeFirst())?.max ?? 0;
  return insertGeneration(db, current + 1, publishSeconds);
}
