import { JWKS_PATH, startService } from '@shop/kit';
import { migrations } from '../migrations/index.js';
import type { UserDatabase } from './db/schema.js';
import { jwksRoute } from './jwks-route.js';
import { KeyStore } from './keys/key-store.js';
import { ensureSigningKey } from './keys/signing-keys.js';
import { createUserRouter } from './router.js';
import { userSettings } from './settings.js';
import { createAccounts } from './users/accounts.js';
import { createLoginThrottle, DEFAULT_THROTTLE } from './users/login-throttle.js';

await startService<UserDatabase, ReturnType<typeof createUserRouter>, typeof userSettings>({
  name: 'user',
  migrations,
  settings: userSettings,
  // Tokens are verified against this service's own keys: the one key store signs, verifies and serves the JWKS.
  auth: 'own',
  setup: async ({ db, settings }) => {
    await ensureSigningKey(db);
    const keys = new KeyStore(db, {
      tokenTtlSeconds: settings.TOKEN_TTL_SECONDS,
      refreshSeconds: settings.SIGNING_KEY_REFRESH_SECONDS,
      maxAgeSeconds: settings.SIGNING_KEY_MAX_AGE_SECONDS,
      publishSeconds: settings.SIGNING_KEY_PUBLISH_SECONDS,
    });
    await keys.signer();
    const throttle = createLoginThrottle(db, {
      account: { free: settings.LOGIN_ACCOUNT_FREE_ATTEMPTS, firstDelaySeconds: 1, maxDelaySeconds: settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS },
      client: { free: settings.LOGIN_CLIENT_FREE_ATTEMPTS, firstDelaySeconds: 1, maxDelaySeconds: settings.LOGIN_CLIENT_MAX_DELAY_SECONDS },
      quietSeconds: DEFAULT_THROTTLE.quietSeconds,
    });
    const accounts = createAccounts(db, settings.PASSWORD_SCRYPT_LOG_N, throttle);
    return {
      router: createUserRouter({ accounts, keys, tokenTtlSeconds: settings.TOKEN_TTL_SECONDS }),
      routes: { [`GET ${JWKS_PATH}`]: jwksRoute(keys) },
      tokenKeys: keys.resolveKey,
    };
  },
});
