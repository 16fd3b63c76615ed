import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, rejectsWith, startUser, userClient, type StartedUser } from './support/user-service.js';

let user: StartedUser;
const responses: string[] = [];

beforeAll(async () => {
  user = await startUser('user-accounts');
});

afterAll(async () => {
  await user?.service.stop();
  await user?.db.drop();
});

/** Keeps every response body so the last test can look for hashes in all of them. */
function keep<T>(value: T): T {
  responses.push(JSON.stringify(value));
  return value;
}

describe('register, login, me, get', () => {
  it('registers with a normalised email and returns the user and a token, never a hash', async () => {
    const account = newAccount('reg');
    const result = keep(await user.client.user.register.mutate({ ...account, email: `  ${account.email.toUpperCase()} ` }));
    expect(result.user).toEqual({
      id: result.user.id,
      name: account.name,
      email: account.email,
      type: 'regular',
      createdAt: result.user.createdAt,
    });
    expect(new Date(result.user.createdAt).toISOString()).toBe(result.user.createdAt);
    expect(result.token.split('.')).toHaveLength(3);
    expect(keep(await userClient(user.service.url, result.token).user.me.query())).toEqual(result.user);
  });

  it('logs in with any case or spacing of the email and the right password', async () => {
    const account = newAccount('login');
    const registered = keep(await user.client.user.register.mutate(account));
    const login = keep(await user.client.user.login.mutate({ email: ` ${account.email.toUpperCase()}`, password: account.password }));
    expect(login.user).toEqual(registered.user);
    expect(keep(await userClient(user.service.url, login.token).user.me.query()).id).toBe(registered.user.id);
  });

  it('refuses a second account for the same email in any case or spacing with CONFLICT', async () => {
    const account = newAccount('dup');
    await user.client.user.register.mutate(account);
    for (const email of [account.email, account.email.toUpperCase(), `\t${account.email} `]) {
      await rejectsWith(user.client.user.register.mutate({ ...account, email }), 'CONFLICT');
    }
    // Concurrent registrations of one new email: exactly one wins.
    const racing = newAccount('race');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => user.client.user.register.mutate(racing)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('rejects a short password, a bad email and an empty name with BAD_REQUEST', async () => {
    await rejectsWith(user.client.user.register.mutate({ ...newAccount('short'), password: '1234567' }), 'BAD_REQUEST');
    await rejectsWith(user.client.user.register.mutate({ ...newAccount('email'), email: 'not-an-email' }), 'BAD_REQUEST');
    await rejectsWith(user.client.user.register.mutate({ ...newAccount('name'), name: '   ' }), 'BAD_REQUEST');
    // Exactly 8 characters is enough.
    keep(await user.client.user.register.mutate({ ...newAccount('eight'), password: '12345678' }));
  });

  it('gives the same error, in similar time, for a wrong password and an unknown email', async () => {
    const account = newAccount('timing');
    await user.client.user.register.mutate(account);
    const wrongPassword = await rejectsWith(user.client.user.login.mutate({ email: account.email, password: 'not-the-password' }), 'UNAUTHORIZED');
    const unknownEmail = await rejectsWith(user.client.user.login.mutate({ email: `nobody.${account.email}`, password: 'whatever-pass' }), 'UNAUTHORIZED');
    expect(unknownEmail).toBe(wrongPassword);

    const time = async (email: string) => {
      const started = performance.now();
      await user.client.user.login.mutate({ email, password: 'not-the-password' }).catch(() => undefined);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await time(account.email));
      unknown.push(await time(`ghost${i}.${account.email}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Without the dummy hash an unknown email answers in ~1 ms against tens of ms for scrypt.
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(5);
  });

  it('user.get returns a user by id and NOT_FOUND for an unknown id', async () => {
    const registered = await user.client.user.register.mutate(newAccount('get'));
    expect(keep(await user.client.user.get.query({ id: registered.user.id }))).toEqual(registered.user);
    await rejectsWith(user.client.user.get.query({ id: '00000000-0000-0000-0000-000000000000' }), 'NOT_FOUND');
  });

  it('user.me needs a token', async () => {
    await rejectsWith(user.client.user.me.query(), 'UNAUTHORIZED');
    await rejectsWith(userClient(user.service.url, 'not-a-jwt').user.me.query(), 'UNAUTHORIZED');
  });

  it('never shows a password or its hash in a response or in the log', async () => {
    const account = newAccount('secret');
    keep(await user.client.user.register.mutate(account));
    keep(await user.client.user.login.mutate({ email: account.email, password: account.password }));
    await user.client.user.login.mutate({ email: account.email, password: `${account.password}-wrong` }).catch(() => undefined);
    const everything = responses.join('\n');
    expect(responses.length).toBeGreaterThan(8);
    expect(everything).not.toMatch(/scrypt\$|password/i);
    // Let the last log lines flush, then look through everything the process wrote.
    await new Promise((r) => setTimeout(r, 200));
    const log = user.service.output();
    expect(log).toContain('user.login');
    expect(log).not.toContain(account.password);
    expect(log).not.toMatch(/scrypt\$|password_hash|passwordHash/);
  });
});
