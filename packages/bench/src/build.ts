import { execFile } from 'node:child_process';
import { copyFile, mkdir, stat } from 'node:fs/promises';
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

/** Copies each bundle to its own folder, as in its image (one file: the database is always a server). */
export async function stageBundles(runDir: string): Promise<Record<ServiceName, { file: string; bytes: number }>> {
  const staged = {} as Record<ServiceName, { file: string; bytes: number }>;
  for (const { name } of SERVICES) {
    const dir = join(runDir, name);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'main.js');
    await copyFile(bundlePath(name), file);
    await copyFile(`${bundlePath(name)}.map`, `${file}.map`).catch(() => undefined);
    staged[name] = { file, bytes: (await stat(file)).size };
  }
  return staged;
}
