import type { Logger } from 'pino';

/** The caller, as proven by a verified JWT from the user service. */
export interface AuthUser {
  id: string;
  email: string;
  type: 'regular' | 'vip';
}

/** Turns a bearer token into the caller, or throws a TRPCError. */
export type TokenVerifier = (token: string) => Promise<AuthUser>;

/** What every procedure receives. Domain dependencies (db, clients) are closed over by the router factory. */
export interface Context {
  requestId: string;
  /** The raw `Authorization` header, verified only when a procedure asks for the user. */
  authorization: string | undefined;
  verifyToken: TokenVerifier;
  log: Logger;
  /** The client's address (see http/client-address.ts), for limits per client such as the login throttle; worked out on demand. */
  clientAddress: () => string;
}

/** Context inside `protectedProcedure`: the caller is known. */
export interface AuthedContext extends Context {
  user: AuthUser;
}
