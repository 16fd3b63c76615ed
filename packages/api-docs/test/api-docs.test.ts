import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProcedures } from '@shop/kit';
import { renderContract } from '../src/contract.js';
import { contractPath } from '../src/paths.js';
import { shopRouters } from '../src/routers.js';

const generated = renderContract();

describe('docs/api.md', () => {
  it('is what `pnpm api:docs` generates from the routers today (run it when this fails)', () => {
    expect(readFileSync(contractPath, 'utf8')).toBe(generated);
  });

  it('lists every procedure of the four routers, with its kind and auth flag', () => {
    const procedures = shopRouters().flatMap(({ router }) => listProcedures(router));
    expect(procedures.length).toBeGreaterThanOrEqual(18);
    for (const p of procedures) expect(generated).toContain(`| \`${p.path}\` | ${p.type} |`);
    const services = procedures.filter((p) => p.auth === 'service').map((p) => p.path);
    expect(services).toEqual(['product.getMany', 'product.release', 'product.reserve', 'cart.removeOrderedFor', 'user.get']);
  });

  it('shows inputs from the zod schemas and outputs from the returned types', () => {
    expect(generated).toContain('| `order.create` | mutation | user (Bearer JWT) | `{ idempotencyKey: uuid }` | `Order` |');
    expect(generated).toContain('`{ items: Product[]; nextCursor: null \\| string }`');
    expect(generated).toMatch(/`Order` \(the output of `order.get`\): `\{ id: string; userId: string; status: "PENDING" \\\| "CONFIRMED" \\\| "FAILED";/);
  });

  it('`pnpm api:docs --check` exits 1 on a stale file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'api-docs-')), 'api.md');
    writeFileSync(file, generated.replace('`Cart`', '`Basket`'));
    const stale = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--check', '--out', file], { encoding: 'utf8' });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('is stale: run `pnpm api:docs`');
  });
});
