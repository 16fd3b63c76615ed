import { TRPCError } from '@trpc/server';

// Why a database call failed, told apart so that the caller gets an honest answer: a database that is
// away, restarting, failing over, overloaded or too slow is SERVICE_UNAVAILABLE (retry later, elsewhere),
// not a 500 that reads as a bug.

/** Errors of the connection itself, raised by node-postgres or the socket, not by the server. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Cannot use a pool after calling end on the pool',
];
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATEs after which the session is gone: connection exceptions, shutdowns, terminations. */
function endsSession(state: string): boolean {
  return state.startsWith('08') || /^57P0[1-5]$/.test(state) || state === '25P03';
}

/** SQLSTATEs of a database that cannot serve now but may soon: the above plus timeouts, overload, a read-only replica. */
function isTransient(state: string): boolean {
  return (
    endsSession(state) ||
    state.startsWith('53') || // insufficient resources (too many connections, out of memory or disk)
    state === '57014' || // statement_timeout
    state === '55P03' || // lock_timeout
    state === '25006' || // read-only transaction: connected to a replica mid-failover
    state === '40001' || // serialization failure
    state === '40P01' // deadlock
  );
}

interface DriverError {
  code?: unknown;
  message?: unknown;
}

function* chain(err: unknown): Generator<DriverError> {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    yield e;
    if (e instanceof AggregateError) for (const inner of e.errors) if (inner && typeof inner === 'object') yield inner as DriverError;
  }
}

function sqlState(e: DriverError): string | undefined {
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
}

function isLostConnection(e: DriverError): boolean {
  if (typeof e.code === 'string' && SOCKET_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && CONNECTION_MESSAGES.some((m) => (e.message as string).includes(m));
}

/** True when the connection that raised `err` is unusable: it must not go back to the pool. */
export function isConnectionFailure(err: unknown): boolean {
  for (const e of chain(err)) {
    const state = sqlState(e);
    if (state ? endsSession(state) : isLostConnection(e)) return true;
  }
  return false;
}

/** True when `err` says the database cannot serve right now (rather than that the query is wrong). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    const state = sqlState(e);
    if (state ? isTransient(state) : isLostConnection(e)) return true;
  }
  return false;
}

/** SERVICE_UNAVAILABLE for a database that cannot serve now, or null for any other error. */
export function toDatabaseError(err: unknown): TRPCError | null {
  if (!isDatabaseUnavailable(err)) return null;
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly', cause: err });
}
