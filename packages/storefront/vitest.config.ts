// Relative, not '@shop/kit/...': config loaders leave bare package imports external and Node cannot load TypeScript.
export { default } from '../kit/build/vitest-preset.js';
