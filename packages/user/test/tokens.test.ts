import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@shop/kit';
import { createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, rejectsWith, startUser, userClient, type StartedUser } from './support/user-service.js';

let user: StartedUser;
let shortLived: StartedUser;

beforeAll(async () => {
  [user, shortLived] = await Promise.all([startUser('user-tokens'), startUser('user-tokens-ttl', { env: { TOKEN_TTL_SECONDS: '1' } })]);
});

afterAll(async () => {
  await Promise.all([user?.service.stop(), shortLived?.service.stop()]);
  await Promise.all([user?.db.drop(), shortLived?.db.drop()]);
});

const jwksUrl = () => new URL('/.well-known/jwks.json', user.service.url);

/** base64url JSON of a token part, edited. */
function editPart(part: string, edit: (claims: Record<string, unknown>) => void): string {
  const claims = JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
  edit(claims);
  return Buffer.from(JSON.stringify(claims)).toString('base64url');
}

describe('tokens', () => {
  it('verify against the served JWKS with the shop issuer and audience, carrying sub, email and type', async () => {
    const { user: registered, token } = await user.client.user.register.mutate(newAccount('jwks'));
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(jwksUrl()), {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ sub: registered.id, email: registered.email, type: 'regular' });
    // Short-lived: 15 minutes by default.
    expect(payload.exp! - payload.iat!).toBe(900);

    const res = await fetch(jwksUrl());
    expect(res.status).toBe(200);
    const jwks = (await res.json()) as { keys: JWK[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of jwks.keys) {
      expect(key.d).toBeUndefined();
      expect(key.kid).toEqual(expect.any(String) as unknown);
    }
    expect(jwks.keys.map((k) => k.kid)).toContain(protectedHeader.kid);
  });

  it('a tampered token is UNAUTHORIZED', async () => {
    const { token } = await user.client.user.register.mutate(newAccount('tamper'));
    const other = await user.client.user.register.mutate(newAccount('victim'));
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${editPart(payload, (c) => (c.sub = other.user.id))}.${signature}`;
    await rejectsWith(userClient(user.service.url, forged).user.me.query(), 'UNAUTHORIZED');
    const noneAlg = `${editPart(header, (h) => (h.alg = 'none'))}.${payload}.`;
    await rejectsWith(userClient(user.service.url, noneAlg).user.me.query(), 'UNAUTHORIZED');
    const flipped = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await rejectsWith(userClient(user.service.url, flipped).user.me.query(), 'UNAUTHORIZED');
  });

  it('a token signed by another key is UNAUTHORIZED, whether it reuses our kid or names its own', async () => {
    const { user: registered, token } = await user.client.user.register.mutate(newAccount('wrongkey'));
    const { kid } = decodeProtectedHeader(token);
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    for (const header of [{ alg: 'EdDSA', kid: kid! }, { alg: 'EdDSA', kid: 'attacker-key' }, { alg: 'EdDSA' }]) {
      const forged = await new SignJWT({ email: registered.email, type: 'vip' })
        .setProtectedHeader(header)
        .setSubject(registered.id)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      await rejectsWith(userClient(user.service.url, forged).user.me.query(), 'UNAUTHORIZED');
    }
  });

  it('an expired token is UNAUTHORIZED', async () => {
    const { token } = await shortLived.client.user.register.mutate(newAccount('expiry'));
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL('/.well-known/jwks.json', shortLived.service.url)), {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    expect(payload.exp! - payload.iat!).toBe(1);
    await new Promise((r) => setTimeout(r, 2100));
    const message = await rejectsWith(userClient(shortLived.service.url, token).user.me.query(), 'UNAUTHORIZED');
    expect(message).toMatch(/expired/i);
  });

  it('a token from one database is not accepted by a service with other keys', async () => {
    const { token } = await shortLived.client.user.register.mutate(newAccount('crossdb'));
    await rejectsWith(userClient(user.service.url, token).user.me.query(), 'UNAUTHORIZED');
  });
});
