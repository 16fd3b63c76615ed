import { defineConfig } from 'tsup';
// Relative, not '@shop/kit/bundle': tsup loads this config through bundle-require, which leaves bare
// package imports external, and Node cannot then import the kit's TypeScript preset.
import { serviceBundle } from '../kit/build/service-bundle.js';

export default defineConfig(serviceBundle());
