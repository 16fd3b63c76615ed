import { defineConfig } from 'tsup';

// One self-contained ESM file for the image: every dependency is inlined.
export default defineConfig({
  entry: { main: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  noExternal: [/.*/],
  splitting: false,
  sourcemap: true,
  clean: true,
  minify: true,
  keepNames: true,
  banner: {
    // Bundled CommonJS dependencies call require(); give ESM output a real one.
    js: "import { createRequire as __loadgenCreateRequire } from 'node:module'; const require = __loadgenCreateRequire(import.meta.url);",
  },
});
