export { default } from './build/vitest-preset.js';
