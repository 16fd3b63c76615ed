// The Istio Go module (istio.io/istio) at the version charts.lock.yaml records: its
// manifests/charts are the upstream charts the tests render and take Istio's CRD schemas from.
// Fetched with the Go toolchain into Go's own module cache; nothing is copied into the project.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChartLock } from './chart-lock.js';

export type IstioModule = { dir: string; charts: string } | { unavailable: string };

const found = new Map<string, IstioModule>();

/** `go mod download -json istio.io/istio@<version>`; `unavailable` says why when it cannot be had. */
export function istioModule(lock: Pick<ChartLock, 'istioModule'>): IstioModule {
  const { path, version, sum } = lock.istioModule;
  const key = `${path}@${version}`;
  const cached = found.get(`${key} ${sum}`);
  if (cached) return cached;
  let result: IstioModule;
  try {
    // Outside any module (tmpdir), so the repository's own go.mod, if one appears, plays no part.
    const out = execFileSync('go', ['mod', 'download', '-json', key], { cwd: tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    const info = JSON.parse(out) as { Dir?: string; Sum?: string; Error?: string };
    if (info.Error || !info.Dir) result = { unavailable: `go mod download ${key}: ${info.Error ?? 'no Dir in its answer'}` };
    else if (info.Sum !== sum) result = { unavailable: `go mod download ${key}: sum ${info.Sum ?? '?'} differs from the lock's ${sum}` };
    else result = { dir: info.Dir, charts: join(info.Dir, 'manifests/charts') };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') result = { unavailable: 'Go is not on PATH: the Istio charts and CRD schemas come from the Istio Go module' };
    else {
      // go prints the JSON (with Error) and exits 1 when the proxy refuses the version.
      let reason = (e.stderr ?? e.message).trim();
      try {
        reason = (JSON.parse(e.stdout ?? '') as { Error?: string }).Error ?? reason;
      } catch {
        // not JSON: keep stderr
      }
      result = { unavailable: `go mod download ${key} failed: ${reason}` };
    }
  }
  found.set(`${key} ${sum}`, result);
  return result;
}
