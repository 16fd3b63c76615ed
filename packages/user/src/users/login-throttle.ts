import { tooManyRequests } from '@shop/kit';
import { sql, type Kysely } from 'kysely';
import type { UserDatabase } from '../db/schema.js';

/**
 * Growing delays between login attempts, per account and per client address, counted in the database so
 * every replica agrees. An attempt counts when it starts (before scrypt): concurrent guesses cannot slip in
 * between a check and its count. A success clears the account's count; the client's decays with quiet.
 *
 * A delay, never a lock: a stranger hammering someone's account makes that account wait at most
 * `maxDelaySeconds` (the account limit's cap is short), while the guesser's own address soon waits much longer.
 */
export interface ThrottleLimit {
  /** Attempts allowed without any delay between them. */
  free: number;
  /** The wait after the `free`-th attempt; it doubles with each further one. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

export interface ThrottleSettings {
  account: ThrottleLimit;
  client: ThrottleLimit;
  /** A key without attempts for this long starts again from zero. */
  quietSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  account: { free: 5, firstDelaySeconds: 1, maxDelaySeconds: 60 },
  client: { free: 20, firstDelaySeconds: 1, maxDelaySeconds: 900 },
  quietSeconds: 900,
};

export function delaySeconds(attempts: number, limit: ThrottleLimit): number {
  if (attempts < limit.free) return 0;
  return Math.min(limit.maxDelaySeconds, limit.firstDelaySeconds * 2 ** (attempts - limit.free));
}

export interface LoginThrottle {
  /** Counts an attempt for the account and the client, or throws 429 (counting nothing) while either must wait. */
  attempt(email: string, client: string): Promise<void>;
  /** The password was right: the account's count starts again, and the attempt no longer counts for the client. */
  succeeded(email: string, client: string): Promise<void>;
}

export function createLoginThrottle(db: Kysely<UserDatabase>, settings: ThrottleSettings = DEFAULT_THROTTLE): LoginThrottle {
  const keys = (email: string, client: string) =>
    [
      { key: `account:${email}`, limit: settings.account },
      { key: `client:${client}`, limit: settings.client },
    ] as const;

  return {
    attempt: (email, client) =>
      db.transaction().execute(async (trx) => {
        const wanted = keys(email, client);
        // Rows first, so there is always a row to lock: two first attempts for a new key then queue too.
        await trx
          .insertInto('login_throttle')
          .values(wanted.map(({ key }) => ({ key, attempts: 0, blocked_until: sql<Date>`now()`, last_attempt: sql<Date>`now() - interval '1 day'` })))
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        // Locked in key order, so two attempts never wait for each other's second row.
        const rows = await trx
          .selectFrom('login_throttle')
          .select(['key', 'blocked_until', sql<Date>`now()`.as('now')])
          .where('key', 'in', wanted.map((k) => k.key))
          .orderBy('key')
          .forUpdate()
          .execute();
        const now = rows[0]?.now ?? new Date();
        const waitMs = Math.max(0, ...rows.map((r) => r.blocked_until.getTime() - now.getTime()));
        if (waitMs > 0) throw tooManyRequests('Too many login attempts: wait before trying again', waitMs / 1000);

        for (const { key, limit } of [...wanted].sort((a, b) => a.key.localeCompare(b.key))) {
          // Counted in SQL: a first attempt racing another for a new key still counts twice, not once.
          const { attempts } = await trx
            .insertInto('login_throttle')
            .values({ key, attempts: 1, blocked_until: sql<Date>`now()`, last_attempt: sql<Date>`now()` })
            .onConflict((oc) =>
              oc.column('key').doUpdateSet({
                attempts: sql<number>`case when login_throttle.last_attempt < now() - make_interval(secs => ${settings.quietSeconds}) then 1 else login_throttle.attempts + 1 end`,
                last_attempt: sql<Date>`now()`,
              }),
            )
            .returning('attempts')
            .executeTakeFirstOrThrow();
          const delay = delaySeconds(attempts, limit);
          if (delay > 0) {
            await trx
              .updateTable('login_throttle')
              .set({ blocked_until: sql<Date>`now() + make_interval(secs => ${delay})` })
              .where('key', '=', key)
              .execute();
          }
        }
        // Now and then, forget keys that have been quiet for a day (an attacker's made-up emails).
        if (Math.random() < 0.01) {
          await trx.deleteFrom('login_throttle').where('last_attempt', '<', sql<Date>`now() - interval '1 day'`).execute();
        }
      }),

    async succeeded(email, client) {
      await db.deleteFrom('login_throttle').where('key', '=', `account:${email}`).execute();
      // Many people behind one address (an office, a carrier's NAT) log in all day: only failures add up.
      await db
        .updateTable('login_throttle')
        .set({
          attempts: sql<number>`greatest(attempts - 1, 0)`,
          blocked_until: sql<Date>`case when attempts - 1 < ${settings.client.free} then now() else blocked_until end`,
        })
        .where('key', '=', `client:${client}`)
        .execute();
    },
  };
}
