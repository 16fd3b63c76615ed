import { errors, importJWK, type CryptoKey, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Kysely } from 'kysely';
import type { UserDatabase } from '../db/schema.js';
import { loadSigningKeys, rotateSigningKey, type SigningKeyRow } from './signing-keys.js';

export interface KeyStoreOptions {
  tokenTtlSeconds: number;
  refreshSeconds: number;
  maxAgeSeconds: number;
  publishSeconds: number;
}

export interface Signer {
  kid: string;
  alg: string;
  key: CryptoKey;
}

/** The kit's verifier answers SERVICE_UNAVAILABLE (not UNAUTHORIZED) for this jose error. */
function keysUnavailable(cause: unknown): Error {
  return new errors.JWKSTimeout('Signing keys could not be read', { cause });
}

/** One key's place in time: it signs from `signsFrom` until `until` (the next generation's start). */
interface KeyWindow {
  row: SigningKeyRow;
  until: number | null;
}

/**
 * The signing keys as this replica knows them, re-read from the database every `refreshSeconds` (and at
 * once for a token whose kid it has not seen, at most once a second) so rotations made elsewhere arrive.
 */
export class KeyStore {
  #windows: KeyWindow[] = [];
  #loadedAt = 0;
  #loading: Promise<void> | undefined;
  #lastMissRefresh = 0;
  readonly #imported = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly db: Kysely<UserDatabase>,
    private readonly options: KeyStoreOptions,
  ) {}

  async #refresh(): Promise<void> {
    this.#loading ??= (async () => {
      let rows = await loadSigningKeys(this.db);
      const newest = rows.at(-1);
      const maxAgeMs = this.options.maxAgeSeconds * 1000;
      if (newest && maxAgeMs > 0 && Date.now() - newest.signs_from.getTime() >= maxAgeMs) {
        await rotateSigningKey(this.db, this.options.publishSeconds, newest.generation);
        rows = await loadSigningKeys(this.db);
      }
      this.#windows = rows.map((row, i) => ({ row, until: rows[i + 1]?.signs_from.getTime() ?? null }));
      this.#loadedAt = Date.now();
    })().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /**
   * The keys, re-read when older than the refresh period. If the database cannot be read, keys already
   * known keep working (a blip must not log everyone out); with none known the keys are unavailable.
   */
  async #fresh(): Promise<KeyWindow[]> {
    if (Date.now() - this.#loadedAt >= this.options.refreshSeconds * 1000) {
      try {
        await this.#refresh();
      } catch (err) {
        if (this.#windows.length === 0) throw keysUnavailable(err);
      }
    }
    return this.#windows;
  }

  #import(row: SigningKeyRow, which: 'public_jwk' | 'private_jwk'): Promise<CryptoKey> {
    const cacheKey = `${row.kid}:${which}`;
    let key = this.#imported.get(cacheKey);
    if (!key) {
      key = importJWK(JSON.parse(row[which]) as JWK, row.alg) as Promise<CryptoKey>;
      this.#imported.set(cacheKey, key);
    }
    return key;
  }

  /**
   * Keys a verifier should accept now: the ones published ahead of signing, the signer, and retired ones
   * whose tokens may still be unexpired (the token lifetime plus one refresh period plus a minute of slack).
   */
  #published(windows: KeyWindow[], now: number): SigningKeyRow[] {
    const graceMs = (this.options.tokenTtlSeconds + this.options.refreshSeconds + 60) * 1000;
    return windows.filter((w) => w.until === null || w.until > now - graceMs).map((w) => w.row);
  }

  /** The key that signs now: the newest one whose start has passed. */
  async signer(): Promise<Signer> {
    const now = Date.now();
    const active = (await this.#fresh()).filter((w) => w.row.signs_from.getTime() <= now).at(-1);
    if (!active) throw new Error('no signing key is active');
    return { kid: active.row.kid, alg: active.row.alg, key: await this.#import(active.row, 'private_jwk') };
  }

  /** The public JWKS document. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows = this.#published(await this.#fresh(), Date.now());
    return { keys: rows.map((row) => JSON.parse(row.public_jwk) as JWK) };
  }

  /** For jose's jwtVerify: the public key named by the token's kid, if it is still published. */
  readonly resolveKey: JWTVerifyGetKey = async (header) => {
    const find = (windows: KeyWindow[]) =>
      this.#published(windows, Date.now()).find((row) => row.kid === header.kid && row.alg === header.alg);
    let row = find(await this.#fresh());
    if (!row && Date.now() - this.#lastMissRefresh >= 1000) {
      this.#lastMissRefresh = Date.now();
      await this.#refresh().catch(() => undefined);
      row = find(this.#windows);
    }
    if (!row) throw new errors.JWKSNoMatchingKey();
    return this.#import(row, 'public_jwk');
  };
}
