import { meshProcedure, protectedProcedure, publicProcedure, router, TRPCError } from '@shop/kit';
import { z } from 'zod';
import type { KeyStore } from './keys/key-store.js';
import { issueToken } from './tokens.js';
import type { Accounts } from './users/accounts.js';

export type { User } from './users/user.js';

// Normalised before validation so " Ann@Example.COM " and "ann@example.com" are one account.
const email = z.string().max(320).trim().toLowerCase().pipe(z.email().max(254));
const userId = z.string().trim().min(1).max(64);

const registerInput = z.object({
  name: z.string().trim().min(1).max(100),
  email,
  // Bounded above so a huge body cannot buy minutes of scrypt.
  password: z.string().min(8, 'Password must be at least 8 characters').max(256),
});
const loginInput = z.object({ email, password: z.string().min(1).max(256) });

export interface UserRouterDeps {
  accounts: Accounts;
  keys: KeyStore;
  tokenTtlSeconds: number;
}

export function createUserRouter(deps: UserRouterDeps) {
  const { accounts, keys, tokenTtlSeconds } = deps;
  const session = async (user: Awaited<ReturnType<Accounts['authenticate']>>) => ({
    user,
    token: await issueToken(keys, user, tokenTtlSeconds),
  });
  return router({
    user: router({
      register: publicProcedure.input(registerInput).mutation(async ({ input }) => session(await accounts.register(input))),
      login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => session(await accounts.authenticate(input, ctx.clientAddress()))),
      me: protectedProcedure.query(async ({ ctx }) => {
        const user = await accounts.byId(ctx.user.id);
        if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'This account no longer exists' });
        return user;
      }),
      get: meshProcedure.input(z.object({ id: userId })).query(async ({ input }) => {
        const user = await accounts.byId(input.id);
        if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: `No user ${input.id}` });
        return user;
      }),
    }),
  });
}

export type UserRouter = ReturnType<typeof createUserRouter>;
