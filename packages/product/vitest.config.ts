// Relative, not '@shop/kit/...': config loaders leave bare package imports external and Node cannot load TypeScript.
import { defineConfig } from 'vitest/config';
import preset from '../kit/build/vitest-preset.js';

// The catalog cache's staleness bound is timed: its file runs after the others, not beside the
// 100,000-product seed of the hot-query test on the same two cores. (Projects that extend the preset
// would add to its `include`, not replace it, hence the preset's settings spread into each.)
const TIMED = 'test/catalog-cache.test.ts';
const base = preset.test ?? {};

export default defineConfig({
  test: {
    projects: [
      { test: { ...base, name: 'product', exclude: [TIMED, '**/node_modules/**'], sequence: { groupOrder: 0 } } },
      { test: { ...base, name: 'product-timed', include: [TIMED], sequence: { groupOrder: 1 } } },
    ],
  },
});
