import { createTestDatabase, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { expect } from 'vitest';
import type { UserRouter } from '../../src/router.js';

export const userEntry = new URL('../../src/main.ts', import.meta.url).pathname;

export type UserClient = TRPCClient<UserRouter>;

/** A typed client; with a token every call carries `Authorization: Bearer <token>`. */
export function userClient(url: string, token?: string): UserClient {
  return createTRPCClient<UserRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
}

export interface StartedUser {
  service: ServiceProcess;
  db: TestDatabase;
  client: UserClient;
}

/** The user service as a real process, on a fresh database or on `db` (a restart, or a second replica). */
export async function startUser(label: string, options: { db?: TestDatabase; env?: Record<string, string> } = {}): Promise<StartedUser> {
  const db = options.db ?? (await createTestDatabase(label));
  const service = await startServiceProcess({
    name: label,
    entry: userEntry,
    // Tests that are not about the login throttle log in wrongly more often than it allows (test/login-throttle.test.ts).
    env: { ...db.env, LOG_LEVEL: 'debug', LOGIN_ACCOUNT_FREE_ATTEMPTS: '10000', LOGIN_CLIENT_FREE_ATTEMPTS: '10000', ...options.env },
    // CI runs many service processes on two cores: starting can take far longer than on a laptop.
    timeoutMs: 90_000,
  });
  return { service, db, client: userClient(service.url) };
}

/** Asserts that the call fails with tRPC error `code`; returns the error message. */
export async function rejectsWith(call: Promise<unknown>, code: string): Promise<string> {
  const outcome = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome, `expected ${code}`).toBeInstanceOf(TRPCClientError);
  const err = outcome as TRPCClientError<UserRouter>;
  expect(err.data?.code).toBe(code);
  return err.message;
}

let counter = 0;
/** A unique, valid registration. */
export function newAccount(tag = 'u'): { name: string; email: string; password: string } {
  counter += 1;
  return { name: `Test ${tag} ${counter}`, email: `${tag}.${counter}.${Date.now()}@example.com`, password: `pw-${tag}-${counter}-secret` };
}
