import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'tsup';
import { serviceBundle } from '../../build/service-bundle.js';
import { echoEntry } from './echo.js';

/** The echo service bundled as the services' tsup.config.ts bundle theirs; returns the file. */
export async function bundleEcho(outDir: string): Promise<string> {
  await build(serviceBundle({ entry: { main: echoEntry }, outDir, silent: true, sourcemap: false }));
  return join(outDir, 'main.js');
}

/** A Node 24 binary: NODE24_BIN if given, else the `node` npm package fetched by npx (cached after the first run). */
export function node24(): string {
  if (process.env.NODE24_BIN) return process.env.NODE24_BIN;
  return execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8', timeout: 240_000 }).trim();
}
