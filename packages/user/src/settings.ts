import { MAX_TOKEN_LIFETIME_SECONDS } from '@shop/kit';
import { z } from 'zod';

/** Variables only the user service reads (the kit validates the common ones, and these with them). */
export const userSettings = z.object({
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(MAX_TOKEN_LIFETIME_SECONDS).default(900),
  /** Sign with a new key once the current one is this old; 0 turns automatic rotation off. */
  SIGNING_KEY_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(30 * 86_400),
  /** A new key is published in the JWKS this long before it signs, so every verifier's cache has it first. */
  SIGNING_KEY_PUBLISH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** How often a replica re-reads the keys (to pick up rotations made elsewhere). */
  SIGNING_KEY_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  /** log2 of scrypt's cost N; stored in each hash, so raising it later keeps old hashes valid. */
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(14).max(20).default(15),
  /** Login attempts an account may have (per quiet period) before delays start; see users/login-throttle.ts. */
  LOGIN_ACCOUNT_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).default(5),
  /** The longest an account waits between attempts: what a stranger can impose on its owner. */
  LOGIN_ACCOUNT_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Failed login attempts one client address may have before delays start. */
  LOGIN_CLIENT_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).default(20),
  LOGIN_CLIENT_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
});

export type UserSettings = z.output<typeof userSettings>;
