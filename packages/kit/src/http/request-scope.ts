import { AsyncLocalStorage } from 'node:async_hooks';

/** Per incoming request: what outgoing calls must carry on. */
export interface RequestScope {
  requestId: string;
  authorization: string | undefined;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
