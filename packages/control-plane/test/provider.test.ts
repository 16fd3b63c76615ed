import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cacheDir, findBinaries } from '../src/binaries.js';
import { PACKAGE_ROOT, readPins } from '../src/pins.js';

const run = promisify(execFile);

describe('the binaries provider', () => {
  it('on a warm cache finds every binary at its pin and says where each came from', async () => {
    const started = Date.now();
    const { stdout } = await run('bash', [join(PACKAGE_ROOT, 'bin/provide-binaries.sh')], { env: process.env });
    expect(Date.now() - started).toBeLessThan(30_000);
    for (const name of ['helm', 'etcd', 'kwok', 'kubernetes', 'istioctl']) expect(stdout).toMatch(new RegExp(`${name}[^\\n]*: cached \\((downloaded|built|extracted)`));
    const bin = findBinaries();
    const version = async (b: string, args: string[]) => (await run(b, args)).stdout;
    const p = readPins();
    expect(await version(bin.kubeApiserver, ['--version'])).toContain(`Kubernetes ${p.KUBERNETES_VERSION}`);
    expect(await version(bin.kubectl, ['version', '--client'])).toContain(p.KUBERNETES_VERSION);
    expect(await version(bin.etcd, ['--version'])).toContain(p.ETCD_VERSION.slice(1));
    expect(await version(bin.istioctl, ['version', '--remote=false'])).toContain(p.ISTIO_VERSION);
    expect(readFileSync(join(cacheDir(), `kubernetes-${p.KUBERNETES_VERSION}`, '.source'), 'utf8')).toMatch(/^(downloaded|built)/);
  });

  it('names the missing binaries and the command that provides them', () => {
    const empty = mkdtempSync(join(tmpdir(), 'shop-no-binaries-'));
    try {
      expect(() => findBinaries(empty)).toThrow(/control-plane binaries missing: .*kube-apiserver.*Run `pnpm --filter @shop\/control-plane provide`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
