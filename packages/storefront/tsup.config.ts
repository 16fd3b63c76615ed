import { defineConfig } from 'tsup';
// Relative, not '@shop/kit/bundle': tsup's config loader leaves bare package imports external.
import { serviceBundle } from '../kit/build/service-bundle.js';

// The server as one file beside the pages Vite built into dist/public (which tsup must not clean).
export default defineConfig(serviceBundle({ entry: { main: 'src/server/main.ts' }, clean: false }));
