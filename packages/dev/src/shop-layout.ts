import { fileURLToPath } from 'node:url';
import { SHOP_SERVICES as SERVICES, type ServiceName } from '@shop/kit/services';

export type ShopServiceName = ServiceName;

const PORTS: Record<ServiceName, number> = { product: 3001, cart: 3002, order: 3003, user: 3004 };

/** The four services as `pnpm dev` runs them: fixed ports, the services each one calls. */
export const SHOP_SERVICES = SERVICES.map((s) => ({ ...s, port: PORTS[s.name] }));

/** The web shop, in front of the services: `/trpc/<service>.` is proxied to each, so one address is the whole shop. */
export const STOREFRONT = { name: 'storefront', port: 3000 } as const;
export const storefrontUrl = (host = '127.0.0.1') => `http://${host}:${STOREFRONT.port}`;

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function serviceEntry(name: ShopServiceName): string {
  return `${repoRoot}packages/${name}/src/main.ts`;
}

export function localUrl(name: ShopServiceName, host = '127.0.0.1'): string {
  const service = SHOP_SERVICES.find((s) => s.name === name);
  return `http://${host}:${service?.port ?? 0}`;
}

export const storefrontEntry = () => `${repoRoot}packages/storefront/src/server/dev.ts`;

/** Where the storefront's proxy sends each service's procedures. */
export function storefrontEnv(): Record<string, string> {
  return Object.fromEntries(SHOP_SERVICES.map(({ name }) => [`${name.toUpperCase()}_SERVICE_URL`, localUrl(name)]));
}

/** Environment for one service: its database, and where the services it calls are. */
export function serviceEnv(name: ShopServiceName, databaseUrl: string): Record<string, string> {
  const service = SHOP_SERVICES.find((s) => s.name === name);
  const env: Record<string, string> = { DATABASE_URL: databaseUrl };
  for (const callee of service?.calls ?? []) env[`${callee.toUpperCase()}_SERVICE_URL`] = localUrl(callee);
  return env;
}
