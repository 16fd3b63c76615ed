// The storefront's bundle as its image runs it: dist/main.js with the pages beside it in ./public.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess } from '@shop/kit/testing';
import { repoRoot } from '../overlays.js';
import type { RunningBundle } from './bundles.js';

export const STOREFRONT = 'storefront';

/** The storefront needs no database or service URLs: where it listens is all its pod must say. */
export const STOREFRONT_REQUIRED_VARIABLES = ['PORT', 'HOST'];

export function isStorefrontImage(image: string | undefined): boolean {
  return /(?:^|\/)shop\/storefront(?:[:@]|$)/.test(image ?? '');
}

/** Starts a copy of the built storefront with `env` (PORT and HOST are chosen here) and waits for /readyz. */
export async function startStorefrontBundle(env: Record<string, string>): Promise<RunningBundle> {
  const dist = join(repoRoot, 'packages', 'storefront', 'dist');
  if (!existsSync(join(dist, 'main.js'))) throw new Error(`${dist}/main.js is missing: run \`pnpm --filter @shop/storefront build\``);
  const dir = await mkdtemp(join(tmpdir(), 'bundle-storefront-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await cp(join(dist, 'main.js'), join(dir, 'main.js'));
    await cp(join(dist, 'public'), join(dir, 'public'), { recursive: true });
    const node = process.env.NODE24_BIN ?? process.execPath;
    const proc = await startServiceProcess({ name: STOREFRONT, entry: join(dir, 'main.js'), env, node, timeoutMs: 30_000 });
    return {
      process: proc,
      async stop() {
        await proc.stop();
        await dispose();
      },
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}
