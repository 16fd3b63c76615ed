import { randomUUID } from 'node:crypto';
import { TRPCError } from '@shop/kit';
import type { Kysely } from 'kysely';
import type { UserDatabase } from '../db/schema.js';
import { dummyVerify, hashPassword, verifyPassword } from '../passwords.js';
import type { LoginThrottle } from './login-throttle.js';
import { toUser, userColumns, type User } from './user.js';

export interface Accounts {
  register(input: { name: string; email: string; password: string }): Promise<User>;
  /**
   * The user for a correct email and password pair, else UNAUTHORIZED (the same for both mistakes);
   * TOO_MANY_REQUESTS while the account or the client (`client`: its address) must wait (login-throttle.ts).
   */
  authenticate(input: { email: string; password: string }, client: string): Promise<User>;
  byId(id: string): Promise<User | undefined>;
}

const BAD_PAIR = 'Invalid email or password';

/** Emails arrive normalised (trimmed, lower-case) from the input schema. */
export function createAccounts(db: Kysely<UserDatabase>, scryptLogN: number, throttle: LoginThrottle): Accounts {
  return {
    async register({ name, email, password }) {
      const passwordHash = await hashPassword(password, scryptLogN);
      // The unique email index decides between racing registrations.
      const row = await db
        .insertInto('users')
        .values({ id: randomUUID(), name, email, password_hash: passwordHash })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning(userColumns)
        .executeTakeFirst();
      if (!row) throw new TRPCError({ code: 'CONFLICT', message: 'This email is already registered' });
      return toUser(row);
    },

    async authenticate({ email, password }, client) {
      // Before scrypt: a refused guess costs one small query, not a hash.
      await throttle.attempt(email, client);
      const row = await db
        .selectFrom('users')
        .select([...userColumns, 'password_hash'])
        .where('email', '=', email)
        .executeTakeFirst();
      const ok = row ? await verifyPassword(password, row.password_hash) : await dummyVerify(password, scryptLogN);
      if (!row || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: BAD_PAIR });
      await throttle.succeeded(email, client);
      return toUser(row);
    },

    async byId(id) {
      const row = await db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
  };
}
