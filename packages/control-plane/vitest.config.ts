// Relative, not '@shop/kit/...': config loaders leave bare package imports external and Node cannot load TypeScript.
import preset from '../kit/build/vitest-preset.js';
import { mergeConfig } from 'vitest/config';

// One control plane per test file, started once: files run one after another so two API
// servers never share the two cores, and a cold start has room.
export default mergeConfig(preset, { test: { fileParallelism: false, testTimeout: 180_000, hookTimeout: 300_000 } });
