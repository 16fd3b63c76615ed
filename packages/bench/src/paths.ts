import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const benchRoot = fileURLToPath(new URL('../', import.meta.url));

/** The four services in start order: each one's callees are up before it. */
export const SERVICES = [
  { name: 'user', calls: [] },
  { name: 'product', calls: [] },
  { name: 'cart', calls: ['product', 'user'] },
  { name: 'order', calls: ['cart', 'product', 'user'] },
] as const;
export type ServiceName = (typeof SERVICES)[number]['name'];

export const bundlePath = (name: ServiceName): string => `${repoRoot}packages/${name}/dist/main.js`;
