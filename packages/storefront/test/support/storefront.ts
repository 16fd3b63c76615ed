// The storefront as users get it: the built bundle (dist/main.js with dist/public) as its own process,
// proxying `/trpc/<service>.` to the real services, exactly as `pnpm dev` serves it at :3000.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServiceProcess, type ServiceProcess } from '@shop/kit/testing';
import { SERVICES, type Shop } from '../../../order/test/support/shop.js';

export const BUNDLE = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export async function startStorefront(shop: Pick<Shop, 'url'>, env: Record<string, string> = {}): Promise<ServiceProcess> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`pnpm --filter @shop/storefront build\``);
  const upstreams = Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_SERVICE_URL`, shop.url(s)]));
  return startServiceProcess({ name: 'storefront', entry: BUNDLE, env: { ...upstreams, ...env }, timeoutMs: 30_000 });
}
