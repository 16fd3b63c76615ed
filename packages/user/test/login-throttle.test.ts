// Password guessing against real user service processes: two replicas on one database, so the limit is
// the database's, not a process's. Limits from production defaults except shorter delays to keep this quick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delaySeconds } from '../src/users/login-throttle.js';
import { newAccount, startUser, type StartedUser } from './support/user-service.js';

const limits = {
  LOGIN_ACCOUNT_FREE_ATTEMPTS: '5',
  LOGIN_ACCOUNT_MAX_DELAY_SECONDS: '4',
  LOGIN_CLIENT_FREE_ATTEMPTS: '8',
  LOGIN_CLIENT_MAX_DELAY_SECONDS: '900',
};

let a: StartedUser;
let b: StartedUser;

beforeAll(async () => {
  a = await startUser('user-throttle-a', { env: limits });
  b = await startUser('user-throttle-b', { db: a.db, env: limits });
}, 180_000);

afterAll(async () => {
  await b?.service.stop();
  await a?.service.stop();
  await a?.db.drop();
});

/** A login over raw HTTP from client address `from` (the gateway's X-Forwarded-For entry). */
async function login(replica: StartedUser, email: string, password: string, from: string) {
  const res = await fetch(`${replica.service.url}/trpc/user.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.99, ${from}` },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { error?: { data?: { code?: string; retryAfterSeconds?: number } } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.data?.code, data: body.error?.data };
}

describe('the login throttle', () => {
  it('delays grow per account after a few failures, across replicas, with 429 and Retry-After', async () => {
    const account = newAccount('victim');
    await a.client.user.register.mutate(account);
    // Five free attempts, alternating replicas, from different addresses (a distributed guesser).
    for (let i = 0; i < 5; i++) {
      const wrong = await login(i % 2 ? b : a, account.email, `wrong-${i}-pass`, `198.51.100.${i}`);
      expect(wrong.status, `attempt ${i + 1}`).toBe(401);
    }
    // The fifth failure set a 1 s delay: the next attempt, on either replica, is refused before scrypt.
    const refused = await login(b, account.email, account.password, '198.51.100.50');
    expect(refused.status).toBe(429);
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.data?.retryAfterSeconds).toBe(Number(refused.retryAfter));
    // Waiting as told, the right password works (a delay, not a lock), and clears the account's count.
    await new Promise((r) => setTimeout(r, Number(refused.retryAfter) * 1000 + 100));
    expect((await login(a, account.email, account.password, '198.51.100.51')).status).toBe(200);
    expect((await login(b, account.email, 'wrong-again-pass', '198.51.100.52')).status).toBe(401);
  }, 60_000);

  it('one address guessing across many accounts is slowed too, while other addresses are not', async () => {
    const attacker = '192.0.2.66';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(i % 2 ? a : b, `nobody-${i}@example.com`, 'guess-password', attacker)).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses.slice(8)).toContain(429);
    const honest = newAccount('honest');
    await a.client.user.register.mutate(honest);
    expect((await login(b, honest.email, honest.password, '192.0.2.1')).status).toBe(200);
  }, 60_000);

  it('concurrent guesses cannot slip past the count', async () => {
    const account = newAccount('burst');
    await a.client.user.register.mutate(account);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(i % 2 ? a : b, account.email, `burst-${i}-pass`, `100.64.0.${i}`)),
    );
    const guessed = results.filter((r) => r.status === 401).length;
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    // Only the free attempts ran scrypt; the rest waited for their turn and were told to come back later.
    expect(guessed).toBeLessThanOrEqual(6);
  }, 60_000);

  it('delays double and are capped', () => {
    const limit = { free: 5, firstDelaySeconds: 1, maxDelaySeconds: 60 };
    expect([1, 4, 5, 6, 7, 8, 12, 50].map((n) => delaySeconds(n, limit))).toEqual([0, 0, 1, 2, 4, 8, 60, 60]);
  });
});
