// EXPLAIN helpers: tests that hold a hot query to its index run exactly what the service sends.
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

export interface RecordingKysely<DB> {
  db: Kysely<DB>;
  /** The statement run last, with its parameters. */
  last(): CompiledQuery;
  /** Runs raw SQL with $n parameters (seeding, ANALYZE). */
  query(text: string, values?: readonly unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/** A Kysely on `url` that remembers every statement it runs, to EXPLAIN exactly what the service sends. */
export function recordingKysely<DB>(url: string): RecordingKysely<DB> {
  let last: CompiledQuery | undefined;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
    log: (event) => {
      last = event.query;
    },
  });
  return {
    db,
    last: () => {
      if (!last) throw new Error('no query ran yet');
      return last;
    },
    query: (text, values = []) => db.executeQuery(CompiledQuery.raw(text, [...values])),
    close: () => db.destroy(),
  };
}

function walk(node: PlanNode, out: PlanNode[]): PlanNode[] {
  out.push(node);
  for (const child of node.Plans ?? []) walk(child, out);
  return out;
}

/** The plan of `query` as PostgreSQL would run it now: every node, and one line per node to print. */
export async function explain<DB>(db: Kysely<DB>, query: CompiledQuery): Promise<{ nodes: PlanNode[]; text: string }> {
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
    CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
  );
  const root = rows[0]?.['QUERY PLAN'][0]?.Plan;
  if (!root) throw new Error(`no plan for ${query.sql}`);
  const nodes = walk(root, []);
  const text = nodes.map((n) => `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}`).join(' → ');
  return { nodes, text };
}

/** The plan nodes that read all of `table`. */
export function sequentialScans(nodes: readonly PlanNode[], table: string): PlanNode[] {
  return nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table);
}
