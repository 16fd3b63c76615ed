import type { AnyTRPCRouter } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { assertStorable } from '../input/storable.js';
import {
  isObject,
  parseConnectionParamsFromString,
  urlPathToProcedurePath,
  type AnyProcedure,
  type ProcedureType,
} from '@trpc/server/unstable-core-do-not-import';

// Mirrors tRPC v11's JSON request reading (http/contentType.ts in @trpc/server) on plain strings, so that
// the same request yields the same calls, inputs and errors without building a Fetch Request.

export interface TrpcCall {
  index: number;
  /** Procedure path, dotted. */
  path: string;
  procedure: AnyProcedure | null;
}

/** Inputs are read and parsed once, on first use: a procedure without input never touches the body. */
export class LazyInputs {
  private parsed: Record<number, unknown> | undefined;
  private pending: Promise<Record<number, unknown>> | undefined;

  constructor(
    private readonly source: () => string | undefined | Promise<string | undefined>,
    private readonly isBatch: boolean,
    private readonly count: number,
    private readonly deserialize: (value: unknown) => unknown,
  ) {}

  read(index: number): Promise<unknown> {
    if (this.parsed) return Promise.resolve(this.parsed[index]);
    this.pending ??= this.load();
    return this.pending.then((all) => all[index]);
  }

  /** The input as parsed so far, for error formatting. */
  result(index: number): unknown {
    return this.parsed?.[index];
  }

  private async load(): Promise<Record<number, unknown>> {
    try {
      this.parsed = await this.parse();
      return this.parsed;
    } catch (cause) {
      if (cause instanceof TRPCError) throw cause;
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
    }
  }

  private async parse(): Promise<Record<number, unknown>> {
    const raw = this.source();
    const text = typeof raw === 'string' || raw === undefined ? raw : await raw;
    const inputs: unknown = text ? JSON.parse(text) : undefined;
    const all = Object.create(null) as Record<number, unknown>;
    if (inputs === undefined) return all;
    if (!this.isBatch) {
      all[0] = this.deserialize(inputs);
      return all;
    }
    if (!isObject(inputs)) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: '"input" needs to be an object when doing a batch call' });
    }
    for (let i = 0; i < this.count; i++) {
      const input = inputs[i];
      if (input !== undefined) all[i] = this.deserialize(input);
    }
    return all;
  }
}

export interface TrpcRequest {
  isBatch: boolean;
  type: ProcedureType | 'unknown';
  calls: TrpcCall[];
  inputs: LazyInputs;
}

function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch (cause) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `Invalid URL-encoding in path "${path}"`, cause });
  }
}

/**
 * The calls of a tRPC HTTP request. `rawPath` is the URL path after the base, `params` the query string
 * (null when empty), `body` reads the request body. Throws a TRPCError for a request tRPC rejects as a whole.
 * Lazy routers are not looked into: routers with any are served by tRPC's own adapter.
 */
export function parseTrpcRequest(
  router: AnyTRPCRouter,
  method: string,
  rawPath: string,
  params: URLSearchParams | null,
  body: () => Promise<string>,
  maxBatchSize = Infinity,
): TrpcRequest {
  const def = router._def;
  const config = def._config;
  const path = urlPathToProcedurePath(decodePath(rawPath), config.pathSeparator);
  const isBatch = params?.get('batch') === '1';
  const paths = isBatch ? path.split(',') : [path];
  // tRPC's own check and message (its maxBatchSize option), made before anything else is looked at.
  if (isBatch && paths.length > maxBatchSize) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Batch call exceeds maximum size' });

  const calls: TrpcCall[] = [];
  const types = new Set<ProcedureType>();
  for (let index = 0; index < paths.length; index++) {
    const callPath = paths[index] as string;
    const procedure = (def.procedures as Record<string, AnyProcedure | undefined>)[callPath] ?? null;
    if (procedure) types.add(procedure._def.type);
    calls.push({ index, path: callPath, procedure });
  }
  if (types.size > 1) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `Cannot mix procedure types in call: ${Array.from(types).join(', ')}` });
  }
  const connectionParams = params?.get('connectionParams');
  if (connectionParams != null) parseConnectionParamsFromString(connectionParams);

  const source = method === 'GET' ? () => params?.get('input') ?? undefined : body;
  // Every input, before any procedure: text PostgreSQL cannot store is the client's 400 (input/storable.ts).
  const deserialize = (value: unknown): unknown => assertStorable(config.transformer.input.deserialize(value));
  return {
    isBatch,
    type: types.values().next().value ?? 'unknown',
    calls,
    inputs: new LazyInputs(source, isBatch, paths.length, deserialize),
  };
}
