import { TRPCError } from '@trpc/server';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { AuthUser, TokenVerifier } from '../trpc/context.js';
import { CLOCK_TOLERANCE_SECONDS, JWKS_PATH, MAX_TOKEN_LIFETIME_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens.js';
import { VerifiedTokens } from './verified-tokens.js';

const claimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string(),
  type: z.enum(['regular', 'vip']),
  exp: z.number(),
  iat: z.number(),
});

/** Verifies tokens against a key source: the user service's JWKS (cached by jose) or, in the user service, its own keys. */
export function createTokenVerifier(keys: JWTVerifyGetKey): TokenVerifier {
  const verified = new VerifiedTokens();
  return async (token: string): Promise<AuthUser> => {
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['EdDSA', 'ES256'],
      });
      const claims = claimsSchema.parse(payload);
      // Validly signed but not as we issue them: from the future (beyond the clocks' skew), or living longer
      // than any of ours (exp in 2100). jose's own clock tolerance would also stretch exp, hence by hand.
      if (claims.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw new Error('token issued in the future');
      if (claims.exp - claims.iat > MAX_TOKEN_LIFETIME_SECONDS) throw new Error('token lifetime too long');
      const user: AuthUser = { id: claims.sub, email: claims.email, type: claims.type };
      verified.set(token, user, claims.exp * 1000);
      return user;
    } catch (err) {
      const keysUnavailable =
        err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid ||
        (err instanceof Error && /fetch failed|ECONNREFUSED/.test(err.message));
      if (keysUnavailable) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'Token keys are unavailable', cause: err });
      const message = err instanceof errors.JWTExpired ? 'Token expired' : 'Invalid token';
      throw new TRPCError({ code: 'UNAUTHORIZED', message, cause: err });
    }
  };
}

/** Keys from the user service, fetched once and cached; a token with an unknown `kid` refreshes them (rotation). */
export function remoteKeys(userServiceUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(JWKS_PATH, userServiceUrl), {
    timeoutDuration: 3_000,
    // An unknown kid (a freshly rotated key) refetches at most this often.
    cooldownDuration: 2_000,
    cacheMaxAge: 10 * 60_000,
  });
}
