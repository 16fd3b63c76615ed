import { context, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * An OpenTelemetry Context as a chain of entries with methods on the prototype. The API's BaseContext
 * copies a Map and makes three closures on every setValue, and a request sets two values (its span and
 * its scope) before it does anything else.
 */
class LinkedContext implements Context {
  constructor(
    private readonly parent: LinkedContext | undefined,
    private readonly key: symbol | undefined,
    private readonly value: unknown,
    private readonly deleted: boolean,
  ) {}

  getValue(key: symbol): unknown {
    if (this.key === key) return this.deleted ? undefined : this.value;
    return this.parent?.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LinkedContext(this, key, value, false);
  }

  deleteValue(key: symbol): Context {
    return new LinkedContext(this, key, undefined, true);
  }
}

/** The empty context each incoming request starts from. */
export const EMPTY_CONTEXT: Context = new LinkedContext(undefined, undefined, undefined, false);

/** The process's context manager, registered by setupTracing; the server enters it without the API's argument spreading. */
const manager = new AsyncLocalStorageContextManager();
let registered = false;

export function registerContextManager(): void {
  // False when a manager is registered already: ours from an earlier call (still entered directly), or a
  // foreign one (then every entry goes through the API, to whatever it is).
  if (context.setGlobalContextManager(manager.enable())) registered = true;
}

/** Runs `fn` with `ctx` active, for everything it starts, sync or async. */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  return registered ? manager.with(ctx, fn) : context.with(ctx, fn);
}
