import { fileURLToPath } from 'node:url';
import { SHOP_SERVICES as SERVICES, type ServiceName } from '@shop/kit/services';

export type ShopServiceName = ServiceName;

const PORTS: Record<ServiceName, number> = { product: 3001, cart: 3002, order: 3003, user: 3004 };

/** The four services as `pnpm dev` runs them: fixed ports, the services each one calls. */
export const SHOP_SERVICES = SERVICES.map((s) => ({ ...s, port: PORTS[s.name] }));

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function serviceEntry(name: ShopServiceName): string {
  return `${repoRoot}packages/${name}/src/main.ts`;
}

export function localUrl(name: ShopServiceName, host = '127.0.0.1'): string {
  const service = SHOP_SERVICES.find((s) => s.name === name);
  return `http://${host}:${service?.port ?? 0}`;
}

/** Environment for one service: its port, its data folder, and where the services it calls are. */
export function serviceEnv(name: ShopServiceName, dataRoot = `${repoRoot}.data`): Record<string, string> {
  const service = SHOP_SERVICES.find((s) => s.name === name);
  const env: Record<string, string> = { DATA_DIR: `${dataRoot}/${name}` };
  for (const callee of service?.calls ?? []) env[`${callee.toUpperCase()}_SERVICE_URL`] = localUrl(callee);
  return env;
}
