// The services' tsup bundles, run the way their image runs them: the single file, alone.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess, type ServiceProcess } from '@shop/kit/testing';
import { repoRoot } from '../overlays.js';
import type { ShopService } from './services.js';

// Pure and light, so the static rules can use it without this module's process machinery.
export { SERVICES, serviceOfImage, type ShopService } from './services.js';

/** The image runs Node 24: use it when NODE24_BIN points at one, else this Node. */
function nodeBinary(): string {
  return process.env.NODE24_BIN ?? process.execPath;
}

export function bundlePath(service: ShopService): string {
  return join(repoRoot, 'packages', service, 'dist', 'main.js');
}

/** A copy of the bundle in an empty folder, so it can only use what it carries (as in the image). */
async function isolatedBundle(service: ShopService): Promise<{ entry: string; dispose(): Promise<void> }> {
  const source = bundlePath(service);
  if (!existsSync(source)) throw new Error(`${source} is missing: run \`pnpm --filter @shop/${service} build\``);
  const dir = await mkdtemp(join(tmpdir(), `bundle-${service}-`));
  const entry = join(dir, 'main.js');
  await copyFile(source, entry);
  return { entry, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The variables the service refuses to start without: run it with an unusable DATABASE_URL and
 * read the kit's ConfigError, which names every bad variable (`NAME ... (missing)`).
 */
export async function requiredVariables(service: ShopService): Promise<string[]> {
  const bundle = await isolatedBundle(service);
  try {
    const child = spawn(nodeBinary(), [bundle.entry], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'not-a-url', PORT: '0', HOST: '127.0.0.1', OTEL_SDK_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code === 0 || !/DATABASE_URL/.test(output)) throw new Error(`${service} did not reject an invalid DATABASE_URL:\n${output}`);
    return [...output.matchAll(/\b([A-Z][A-Z0-9_]*) [^;\n]*\(missing\)/g)].map((m) => m[1] as string);
  } finally {
    await bundle.dispose();
  }
}

export interface RunningBundle {
  process: ServiceProcess;
  stop(): Promise<void>;
}

/** Starts the bundle with `env` (PORT and HOST are chosen here) and waits for /readyz. */
export async function startBundle(service: ShopService, env: Record<string, string>): Promise<RunningBundle> {
  const bundle = await isolatedBundle(service);
  try {
    const process = await startServiceProcess({ name: service, entry: bundle.entry, env, node: nodeBinary(), timeoutMs: 30_000 });
    return {
      process,
      async stop() {
        await process.stop();
        await bundle.dispose();
      },
    };
  } catch (err) {
    await bundle.dispose();
    throw err;
  }
}
