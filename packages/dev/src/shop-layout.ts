import { fileURLToPath } from 'node:url';

/** The four services as `pnpm dev` runs them: fixed ports, the services each one calls. */
export const SHOP_SERVICES = [
  { name: 'product', port: 3001, calls: [] },
  { name: 'cart', port: 3002, calls: ['product', 'user'] },
  { name: 'order', port: 3003, calls: ['cart', 'product', 'user'] },
  { name: 'user', port: 3004, calls: [] },
] as const;

export type ShopServiceName = (typeof SHOP_SERVICES)[number]['name'];

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function serviceEntry(name: ShopServiceName): string {
  return `${repoRoot}packages/${name}/src/main.ts`;
}

export function localUrl(name: ShopServiceName, host = '127.0.0.1'): string {
  const service = SHOP_SERVICES.find((s) => s.name === name);
  return `http://${host}:${service?.port ?? 0}`;
}

/** Environment for one service: its database, and where the services it calls are. */
export function serviceEnv(name: ShopServiceName, databaseUrl: string): Record<string, string> {
  const service = SHOP_SERVICES.find((s) => s.name === name);
  const env: Record<string, string> = { DATABASE_URL: databaseUrl };
  for (const callee of service?.calls ?? []) env[`${callee.toUpperCase()}_SERVICE_URL`] = localUrl(callee);
  return env;
}
