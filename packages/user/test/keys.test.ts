import { decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shop/kit/testing';
import { newAccount, startUser, userClient, type StartedUser } from './support/user-service.js';

const started: StartedUser[] = [];
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(started.map((s) => s.service.stop()));
  await Promise.all(databases.map((d) => d.drop()));
});

async function start(label: string, db: TestDatabase, env: Record<string, string> = {}): Promise<StartedUser> {
  const s = await startUser(label, { db, env });
  started.push(s);
  return s;
}

async function fresh(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  databases.push(db);
  return db;
}

async function kids(url: string): Promise<string[]> {
  const jwks = (await (await fetch(new URL('/.well-known/jwks.json', url))).json()) as { keys: JWK[] };
  return jwks.keys.map((k) => k.kid!).sort();
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid!;

// Each test starts service processes one after another; on a loaded two-core CI machine that is slow.
describe('signing keys', { timeout: 400_000 }, () => {
  it('keep tokens valid across a restart', async () => {
    const db = await fresh('user-restart');
    const first = await start('user-restart-1', db);
    const { token, user } = await first.client.user.register.mutate(newAccount('restart'));
    const keysBefore = await kids(first.service.url);
    await first.service.stop();
    const second = await start('user-restart-2', db);
    expect(await userClient(second.service.url, token).user.me.query()).toEqual(user);
    expect(await kids(second.service.url)).toEqual(keysBefore);
  });

  it('rotate without logging anyone out: old tokens stay valid, new ones use the new key', async () => {
    const db = await fresh('user-rotate');
    const first = await start('user-rotate-1', db);
    const account = newAccount('rotate');
    const { token: oldToken, user } = await first.client.user.register.mutate(account);
    const oldKid = kidOf(oldToken);
    await first.service.stop();
    // The key is older than a second now, so a replica configured with a one-second maximum age rotates at start.
    await new Promise((r) => setTimeout(r, 1100));
    const rotated = await start('user-rotate-2', db, { SIGNING_KEY_MAX_AGE_SECONDS: '1', SIGNING_KEY_PUBLISH_SECONDS: '0' });
    const { token: newToken } = await rotated.client.user.login.mutate({ email: account.email, password: account.password });
    const newKid = kidOf(newToken);
    expect(newKid).not.toBe(oldKid);
    expect(await kids(rotated.service.url)).toEqual([oldKid, newKid].sort());
    expect(await userClient(rotated.service.url, oldToken).user.me.query()).toEqual(user);
    expect(await userClient(rotated.service.url, newToken).user.me.query()).toEqual(user);
    await rotated.service.stop();

    // Rotating with a publication delay: the next key is in the JWKS at once but signs only later.
    await new Promise((r) => setTimeout(r, 1100));
    const ahead = await start('user-rotate-3', db, { SIGNING_KEY_MAX_AGE_SECONDS: '1', SIGNING_KEY_PUBLISH_SECONDS: '3600' });
    const published = await kids(ahead.service.url);
    expect(published).toHaveLength(3);
    expect(published).toEqual(expect.arrayContaining([oldKid, newKid]));
    const { token: stillNewKid } = await ahead.client.user.login.mutate({ email: account.email, password: account.password });
    expect(kidOf(stillNewKid)).toBe(newKid);
    expect(await userClient(ahead.service.url, oldToken).user.me.query()).toEqual(user);
  });

  it.skipIf(!process.env.DATABASE_URL)('two replicas started together on one database share one key and accept each other’s tokens', async () => {
    const db = await fresh('user-replicas');
    const [a, b] = await Promise.all([start('user-replica-a', db), start('user-replica-b', db)]);
    const keysA = await kids(a.service.url);
    expect(keysA).toHaveLength(1);
    expect(await kids(b.service.url)).toEqual(keysA);

    const account = newAccount('replica');
    const fromA = await a.client.user.register.mutate(account);
    expect(await userClient(b.service.url, fromA.token).user.me.query()).toEqual(fromA.user);
    const fromB = await b.client.user.login.mutate({ email: account.email, password: account.password });
    expect(await userClient(a.service.url, fromB.token).user.me.query()).toEqual(fromA.user);
    expect(await b.client.user.get.query({ id: fromA.user.id })).toEqual(fromA.user);
  });
});
