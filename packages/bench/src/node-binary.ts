import { execFileSync } from 'node:child_process';

export interface NodeBinary {
  path: string;
  version: string;
  /** Why this one: production runs Node 24, so the bench does too when it can. */
  source: string;
}

function versionOf(path: string): string {
  return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
}

/**
 * The Node the bundles run on: `--node`, else NODE24_BIN, else Node 24 from the npm registry's `node`
 * package (as the kit's bundle test fetches it; cached after the first run), else this Node.
 */
export function resolveNode(explicit: string | undefined, log: (line: string) => void): NodeBinary {
  if (explicit) return { path: explicit, version: versionOf(explicit), source: '--node' };
  if (process.env.NODE24_BIN) return { path: process.env.NODE24_BIN, version: versionOf(process.env.NODE24_BIN), source: 'NODE24_BIN' };
  try {
    log('finding Node 24 (npx node@24; cached after the first run)');
    const path = execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8', timeout: 240_000 }).trim();
    return { path, version: versionOf(path), source: 'npm node@24' };
  } catch {
    log(`no Node 24 to be had: running the bundles on this Node ${process.version}, not production's`);
    return { path: process.execPath, version: process.version, source: 'this process (Node 24 unavailable)' };
  }
}
