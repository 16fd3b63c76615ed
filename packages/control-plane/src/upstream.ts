import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);
const Download = z.object({ Dir: z.string().optional(), Error: z.string().optional() });

/**
 * The directory of a Go module in the module cache (downloading it from the Go module proxy on
 * a cold cache). Upstream CRDs, charts and install manifests are read from there at test time,
 * at exactly our pins, and never copied into the repository.
 */
export async function goModuleDir(module: string, version: string): Promise<string> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${module}@${version}`], { maxBuffer: 8 * 1024 * 1024 }).catch(
    (err: { stdout?: string; stderr?: string; message: string }) => {
      if (err.stdout) return { stdout: err.stdout };
      throw new Error(`go mod download ${module}@${version} failed: ${err.stderr ?? err.message}`);
    },
  );
  const d = Download.parse(JSON.parse(stdout));
  if (d.Dir === undefined) throw new Error(`go mod download ${module}@${version}: ${d.Error ?? 'no directory'}`);
  return d.Dir;
}
