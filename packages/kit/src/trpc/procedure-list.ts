import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import type { ProcedureAuth, ProcedureMeta } from './procedures.js';

/** One procedure of a router, as the API docs and the manifest checks read it. */
export interface ProcedureEntry {
  /** Dotted path, e.g. `product.get`. */
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The kit's flag (publicProcedure, protectedProcedure, meshProcedure); undefined for a bare `t.procedure`. */
  auth: ProcedureAuth | undefined;
  /** The `.input()` parsers in order (zod schemas in this project). */
  inputs: readonly unknown[];
}

interface ProcedureDef {
  type: ProcedureEntry['type'];
  meta?: Partial<ProcedureMeta>;
  inputs: unknown[];
}

/** Every procedure of `router`, sorted by path. tRPC has no public listing: `_def` is read here only. */
export function listProcedures(router: AnyTRPCRouter): ProcedureEntry[] {
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure>;
  return Object.entries(procedures)
    .map(([path, procedure]) => {
      const def = procedure._def as unknown as ProcedureDef;
      return { path, type: def.type, auth: def.meta?.auth, inputs: def.inputs };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
