import { createTestDatabase, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { expect } from 'vitest';
import type { ProductRouter } from '../../src/router.js';

export const productEntry = new URL('../../src/main.ts', import.meta.url).pathname;

export type ProductClient = TRPCClient<ProductRouter>;

export function productClient(url: string): ProductClient {
  return createTRPCClient<ProductRouter>({ links: [httpLink({ url: `${url}/trpc` })] });
}

/** The product service as a real process on a database of its own (or on `db` to restart on the same data). */
export async function startProduct(label: string, db?: TestDatabase): Promise<{ service: ServiceProcess; db: TestDatabase; client: ProductClient }> {
  const database = db ?? (await createTestDatabase(label));
  const service = await startServiceProcess({
    name: label,
    entry: productEntry,
    env: { ...database.env, LOG_LEVEL: 'info' },
    // CI runs many service processes on two cores: starting can take far longer than on a laptop.
    timeoutMs: 90_000,
  });
  return { service, db: database, client: productClient(service.url) };
}

/** The tRPC error code and message a failed call carried. */
export function describeError(err: unknown): { code: string | undefined; message: string } {
  expect(err).toBeInstanceOf(TRPCClientError);
  const e = err as TRPCClientError<ProductRouter>;
  return { code: e.data?.code, message: e.message };
}

/** The tRPC error of a call that must fail. */
export async function errorOf(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await call;
  } catch (err) {
    return describeError(err);
  }
  throw new Error('expected the call to fail');
}
