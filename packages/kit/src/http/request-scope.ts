import { context, createContextKey, type Context } from '@opentelemetry/api';

/** Per incoming request: what outgoing calls must carry on. */
export interface RequestScope {
  requestId: string;
  authorization: string | undefined;
}

// Kept in the OpenTelemetry context rather than an AsyncLocalStorage of its own: one async store per
// request instead of two, which Node 20's promise hooks charge for on every await.
const SCOPE = createContextKey('shop.request-scope');

export function withRequestScope(parent: Context, scope: RequestScope): Context {
  return parent.setValue(SCOPE, scope);
}

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return context.with(withRequestScope(context.active(), scope), fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return context.active().getValue(SCOPE) as RequestScope | undefined;
}
