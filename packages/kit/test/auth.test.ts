import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/auth/tokens.js';
import { createTokenVerifier, remoteKeys } from '../src/auth/verifier.js';

async function keyPair(kid: string): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

function sign(key: CryptoKey, kid: string, claims: Record<string, unknown> = {}, expires = '5m') {
  return new SignJWT({ email: 'a@example.com', type: 'regular', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject('user-1')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(key);
}

describe('token verification against a JWKS', () => {
  let server: Server;
  let url = '';
  let jwksRequests = 0;
  let good: Awaited<ReturnType<typeof keyPair>>;
  let rotated: Awaited<ReturnType<typeof keyPair>>;
  let published: JWK[] = [];

  beforeAll(async () => {
    good = await keyPair('k1');
    rotated = await keyPair('k2');
    published = [good.jwk];
    server = createServer((_req, res) => {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('accepts a good token and caches the keys', async () => {
    const verify = createTokenVerifier(remoteKeys(url));
    const token = await sign(good.privateKey, 'k1');
    expect(await verify(token)).toEqual({ id: 'user-1', email: 'a@example.com', type: 'regular' });
    await verify(token);
    expect(jwksRequests).toBe(1);
  });

  it('rejects tampered, expired, wrong-key, wrong-audience and malformed tokens as UNAUTHORIZED', async () => {
    const verify = createTokenVerifier(remoteKeys(url));
    const token = await sign(good.privateKey, 'k1');
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, type: 'vip' })).toString('base64url')}.${s}`;
    const expired = await sign(good.privateKey, 'k1', {}, '-1m');
    const stranger = await keyPair('k1');
    const wrongKey = await sign(stranger.privateKey, 'k1');
    const wrongAudience = await new SignJWT({ email: 'a@example.com', type: 'regular' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('user-1')
      .setIssuer(TOKEN_ISSUER)
      .setAudience('someone-else')
      .setExpirationTime('5m')
      .sign(good.privateKey);
    for (const bad of [tampered, expired, wrongKey, wrongAudience, 'not.a.jwt', '']) {
      await expect(verify(bad)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(verify(expired)).rejects.toThrow('Token expired');
  });

  it('rejects a validly signed token that lives too long, was issued in the future, or has no iat', async () => {
    const verify = createTokenVerifier(remoteKeys(url));
    const now = Math.floor(Date.now() / 1000);
    const base = () =>
      new SignJWT({ email: 'a@example.com', type: 'regular' }).setProtectedHeader({ alg: 'EdDSA', kid: 'k1' }).setSubject('user-1').setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE);
    const until2100 = await base().setIssuedAt(now).setExpirationTime(Date.UTC(2100, 0, 1) / 1000).sign(good.privateKey);
    const fromTheFuture = await base().setIssuedAt(now + 3600).setExpirationTime(now + 3600 + 900).sign(good.privateKey);
    const noIat = await base().setExpirationTime(now + 900).sign(good.privateKey);
    for (const bad of [until2100, fromTheFuture, noIat]) await expect(verify(bad)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // A clock a few seconds ahead is tolerated.
    expect((await verify(await base().setIssuedAt(now + 5).setExpirationTime(now + 905).sign(good.privateKey))).id).toBe('user-1');
  });

  it('picks up a rotated key by its kid', async () => {
    const verify = createTokenVerifier(remoteKeys(url));
    expect((await verify(await sign(good.privateKey, 'k1'))).id).toBe('user-1');
    published = [good.jwk, rotated.jwk];
    await new Promise((r) => setTimeout(r, 2_100)); // past the refetch cool-down
    expect((await verify(await sign(rotated.privateKey, 'k2'))).id).toBe('user-1');
  });

  it('is SERVICE_UNAVAILABLE, not UNAUTHORIZED, when the keys cannot be fetched', async () => {
    const verify = createTokenVerifier(remoteKeys('http://127.0.0.1:9'));
    await expect(verify(await sign(good.privateKey, 'k1'))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});

describe('verified-token cache', () => {
  it('answers a repeated token without verifying again, until the token expires', async () => {
    const { VerifiedTokens } = await import('../src/auth/verified-tokens.js');
    const cache = new VerifiedTokens(2);
    const user = { id: 'u', email: 'u@example.com', type: 'regular' as const };
    cache.set('t1', user, 1_000);
    expect(cache.get('t1', 999)).toEqual(user);
    expect(cache.get('t1', 1_000)).toBeUndefined();
    cache.set('a', user, 5_000);
    cache.set('b', user, 5_000);
    cache.set('c', user, 5_000);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('c', 0)).toEqual(user);
  });
});
