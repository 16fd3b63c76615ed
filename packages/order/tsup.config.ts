import { defineConfig } from 'tsup';

// One self-contained ESM file: every dependency is inlined so the image holds only the bundle.
// PGlite stays out: it is the laptop database and production always sets DATABASE_URL.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  noExternal: [/.*/],
  external: ['@electric-sql/pglite', 'pino-pretty', 'pg-native'],
  splitting: false,
  sourcemap: true,
  clean: true,
  minify: false,
  banner: {
    // Bundled CommonJS dependencies call require(); give ESM output a real one.
    js: "import { createRequire as __kitCreateRequire } from 'node:module'; const require = __kitCreateRequire(import.meta.url);",
  },
});
