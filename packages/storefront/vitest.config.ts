import { mergeConfig } from 'vitest/config';
// Relative, not '@shop/kit/...': config loaders leave bare package imports external and Node cannot load TypeScript.
import preset from '../kit/build/vitest-preset.js';

// A page waits for real services on two busy cores: give expect.poll the page's own patience.
export default mergeConfig(preset, { test: { expect: { poll: { timeout: 20_000, interval: 100 } } } });
