import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Every overlay Argo CD deploys, relative to the repository root. */
export const OVERLAYS = ['overlays/minikube', 'overlays/production'] as const;

export function overlayPath(overlay: string): string {
  return join(repoRoot, overlay);
}
