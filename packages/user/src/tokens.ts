import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@shop/kit';
import { SignJWT } from 'jose';
import type { KeyStore } from './keys/key-store.js';
import type { User } from './users/user.js';

/** A short-lived access token with the claims every service's verifier reads: sub, email, type. */
export async function issueToken(keys: KeyStore, user: User, ttlSeconds: number): Promise<string> {
  const signer = await keys.signer();
  return new SignJWT({ email: user.email, type: user.type })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(signer.key);
}
