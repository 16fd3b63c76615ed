import { fileURLToPath } from 'node:url';
import { calleesFirst, callsOf, type ServiceName } from '@shop/kit/services';

export type { ServiceName };

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const benchRoot = fileURLToPath(new URL('../', import.meta.url));

/** The four services in start order: each one's callees are up before it. */
export const SERVICES = calleesFirst().map((name) => ({ name, calls: callsOf(name) }));

export const bundlePath = (name: ServiceName): string => `${repoRoot}packages/${name}/dist/main.js`;
