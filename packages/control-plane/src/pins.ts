import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(PACKAGE_ROOT, '..', '..');

const Pins = z.object({
  KUBERNETES_VERSION: z.string().regex(/^v1\.\d+\.\d+$/),
  KUBERNETES_STAGING_VERSION: z.string().regex(/^v0\.\d+\.\d+$/),
  ETCD_VERSION: z.string(),
  KWOK_VERSION: z.string(),
  ISTIO_MODULE_VERSION: z.string(),
  ISTIO_VERSION: z.string(),
  KUBECTL_LAYER_VERSION: z.string(),
  GATEWAY_API_VERSION: z.string(),
  CNPG_VERSION: z.string(),
  ARGOCD_VERSION: z.string(),
});
export type Pins = z.infer<typeof Pins>;

/** The versions in pins.sh, the one file the provider script sources too. */
export function readPins(file = join(PACKAGE_ROOT, 'pins.sh')): Pins {
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const eq = l.indexOf('=');
      return [l.slice(0, eq), l.slice(eq + 1)] as const;
    });
  return Pins.parse(Object.fromEntries(entries));
}
