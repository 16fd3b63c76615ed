import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { benchRoot, bundlePath, repoRoot, SERVICES, type ServiceName } from './paths.js';

const run = promisify(execFile);

/** Builds the four service bundles exactly as their images are built (`pnpm --filter <svc> build`). */
export async function buildServiceBundles(): Promise<void> {
  const filters = SERVICES.flatMap((s) => ['--filter', `@shop/${s.name}`]);
  try {
    await run('pnpm', [...filters, 'run', 'build'], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`building the service bundles failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

/** The baseline server, bundled the same way (one ESM file) so both start from a single file. */
export async function buildBaseline(outDir: string): Promise<string> {
  await build({
    entry: { baseline: join(benchRoot, 'src/baseline-server.ts') },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    silent: true,
    clean: false,
  });
  return join(outDir, 'baseline.js');
}

/** The script the Dockerfile runs to write a bundle's V8 code cache (the same code here and there). */
const COMPILE_CACHE_SCRIPT = join(repoRoot, 'packages/kit/build/compile-cache.mjs');

export interface StagedBundle {
  file: string;
  bytes: number;
  /** NODE_COMPILE_CACHE for this bundle: made by `node`, read-only, as in the image. */
  compileCache: string;
}

/**
 * Copies each bundle to its own folder as in its image: `main.mjs` and its compile cache, made with the
 * Node that will run it (the database is always a server).
 */
export async function stageBundles(runDir: string, node: string): Promise<Record<ServiceName, StagedBundle>> {
  const staged = {} as Record<ServiceName, StagedBundle>;
  for (const { name } of SERVICES) {
    const dir = join(runDir, name);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'main.mjs');
    await copyFile(bundlePath(name), file);
    await copyFile(`${bundlePath(name)}.map`, `${file}.map`).catch(() => undefined);
    const compileCache = join(dir, 'compile-cache');
    await run(node, [COMPILE_CACHE_SCRIPT, file, compileCache]);
    staged[name] = { file, bytes: (await stat(file)).size, compileCache };
  }
  return staged;
}

/** Makes the read-only compile caches writable again, so the run folder can be removed. */
export async function unlockCompileCaches(runDir: string): Promise<void> {
  for (const { name } of SERVICES) {
    const cache = join(runDir, name, 'compile-cache');
    const entries = await readdir(cache, { recursive: true, withFileTypes: true }).catch(() => []);
    await chmod(cache, 0o755).catch(() => undefined);
    for (const e of entries) if (e.isDirectory()) await chmod(join(e.parentPath, e.name), 0o755);
  }
}
