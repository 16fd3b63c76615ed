import { ConfigError, JWKS_PATH, startService } from '@shop/kit';
import type { Kysely } from 'kysely';
import { migrations } from '../migrations/index.js';
import { loadUserSettings, type UserSettings } from './config.js';
import type { UserDatabase } from './db/schema.js';
import { jwksRoute } from './jwks-route.js';
import { KeyStore } from './keys/key-store.js';
import { ensureSigningKey } from './keys/signing-keys.js';
import { createUserRouter } from './router.js';
import { createAccounts } from './users/accounts.js';
import { createLoginThrottle, DEFAULT_THROTTLE } from './users/login-throttle.js';

let settings: UserSettings;
try {
  settings = loadUserSettings();
} catch (err) {
  // Same contract as the kit's config errors: one line naming the bad variables, exit 1, no stack.
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}

// One key store per database, shared by the router (signing), token verification and the JWKS route.
const stores = new WeakMap<Kysely<UserDatabase>, KeyStore>();
function keyStore(db: Kysely<UserDatabase>): KeyStore {
  let store = stores.get(db);
  if (!store) {
    store = new KeyStore(db, {
      tokenTtlSeconds: settings.TOKEN_TTL_SECONDS,
      refreshSeconds: settings.SIGNING_KEY_REFRESH_SECONDS,
      maxAgeSeconds: settings.SIGNING_KEY_MAX_AGE_SECONDS,
      publishSeconds: settings.SIGNING_KEY_PUBLISH_SECONDS,
    });
    stores.set(db, store);
  }
  return store;
}

await startService<UserDatabase, ReturnType<typeof createUserRouter>>({
  name: 'user',
  migrations,
  router: async ({ db }) => {
    await ensureSigningKey(db);
    const keys = keyStore(db);
    await keys.signer();
    const throttle = createLoginThrottle(db, {
      account: { free: settings.LOGIN_ACCOUNT_FREE_ATTEMPTS, firstDelaySeconds: 1, maxDelaySeconds: settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS },
      client: { free: settings.LOGIN_CLIENT_FREE_ATTEMPTS, firstDelaySeconds: 1, maxDelaySeconds: settings.LOGIN_CLIENT_MAX_DELAY_SECONDS },
      quietSeconds: DEFAULT_THROTTLE.quietSeconds,
    });
    const accounts = createAccounts(db, settings.PASSWORD_SCRYPT_LOG_N, throttle);
    return createUserRouter({ accounts, keys, tokenTtlSeconds: settings.TOKEN_TTL_SECONDS });
  },
  auth: ({ db }) => keyStore(db).resolveKey,
  routes: ({ db }) => ({ [`GET ${JWKS_PATH}`]: jwksRoute(keyStore(db)) }),
});
