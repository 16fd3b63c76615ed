import { fileURLToPath } from 'node:url';

/** The generated contract: docs/api.md at the repository's top level. */
export const contractPath = fileURLToPath(new URL('../../../docs/api.md', import.meta.url));
