import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { helmTemplate } from '@shop/gitops-checks/helm';
import { z } from 'zod';
import type { Binaries } from './binaries.js';
import type { Manifest } from './kubectl.js';
import { readPins, REPO_ROOT } from './pins.js';
import { goModuleDir } from './upstream.js';

const run = promisify(execFile);

export function parseYamlStream(text: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    const v: unknown = doc.toJS();
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(v as Manifest);
  }
  return out;
}

/** `kubectl kustomize` of our pinned kubectl: the objects exactly as Argo CD's kustomize renders them. */
export async function kustomize(bin: Binaries, dir: string): Promise<Manifest[]> {
  const { stdout } = await run(bin.kubectl, ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 }).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`kubectl kustomize ${dir} failed: ${(e.stderr ?? e.message).trim()}`);
  });
  return parseYamlStream(stdout);
}

const Application = z.object({
  kind: z.literal('Application'),
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    source: z
      .object({
        chart: z.string().optional(),
        targetRevision: z.string().optional(),
        helm: z
          .object({
            releaseName: z.string().optional(),
            valuesObject: z.record(z.string(), z.unknown()).optional(),
            values: z.string().optional(),
            parameters: z.array(z.object({ name: z.string(), value: z.string(), forceString: z.boolean().optional() })).optional(),
          })
          .optional(),
      })
      .optional(),
    destination: z.object({ namespace: z.string() }),
  }),
});
export type Application = z.infer<typeof Application>;

/** Every child Application in gitops/apps, as the root Application would sync them. */
export async function childApplications(bin: Binaries): Promise<Manifest[]> {
  return kustomize(bin, join(REPO_ROOT, 'gitops', 'apps'));
}

function application(apps: readonly Manifest[], name: string): Application {
  const found = apps.find((a) => a.kind === 'Application' && (a.metadata as { name?: string } | undefined)?.name === name);
  if (!found) throw new Error(`gitops/apps has no Application ${name}`);
  return Application.parse(found);
}

/**
 * gitops/argocd with its remote install.yaml replaced by the same file from the
 * github.com/argoproj/argo-cd/v3 module at the version the kustomization pins.
 */
export async function argocdInstall(bin: Binaries): Promise<Manifest[]> {
  const src = join(REPO_ROOT, 'gitops', 'argocd');
  const kustomization = readFileSync(join(src, 'kustomization.yaml'), 'utf8');
  const m = /- https:\/\/\S+\/argo-cd\/(v[\d.]+)\/manifests\/install\.yaml/.exec(kustomization);
  if (!m?.[1]) throw new Error('gitops/argocd/kustomization.yaml no longer names argo-cd/<version>/manifests/install.yaml');
  const moduleDir = await goModuleDir('github.com/argoproj/argo-cd/v3', m[1]);
  const dir = mkdtempSync(join(tmpdir(), 'shop-argocd-'));
  try {
    cpSync(src, dir, { recursive: true });
    cpSync(join(moduleDir, 'manifests', 'install.yaml'), join(dir, 'install.yaml'));
    writeFileSync(join(dir, 'kustomization.yaml'), kustomization.replace(m[0], '- install.yaml'));
    return await kustomize(bin, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where Istio's charts are: the istio.io/istio module at our pin (manifests/charts). */
export async function istioModuleDir(): Promise<string> {
  return goModuleDir('istio.io/istio', readPins().ISTIO_MODULE_VERSION);
}

const ISTIO_CHARTS: Record<'istio-base' | 'istiod' | 'istio-gateway', string> = {
  'istio-base': 'manifests/charts/base',
  istiod: 'manifests/charts/istio-control/istio-discovery',
  'istio-gateway': 'manifests/charts/gateway',
};

/**
 * Renders one of our Istio Applications with the real helm, from the Istio module's own chart,
 * with exactly the values the Application carries (valuesObject, then values).
 */
export async function renderIstioApplication(bin: Binaries, apps: readonly Manifest[], name: 'istio-base' | 'istiod' | 'istio-gateway'): Promise<Manifest[]> {
  const app = application(apps, name);
  const chartPath = ISTIO_CHARTS[name];
  if (!chartPath) throw new Error(`no Istio chart for ${name}`);
  const chart = join(await istioModuleDir(), chartPath);
  const helm = app.spec.source?.helm;
  // One renderer for every test that renders our Applications, so what Argo CD passes (values, then
  // parameters as --set) is passed here too.
  if (helm?.values) throw new Error(`${name}: a string \`values\` is not rendered here; give the chart valuesObject`);
  const objects = await helmTemplate(chart, {
    releaseName: helm?.releaseName ?? name,
    namespace: app.spec.destination.namespace,
    values: helm?.valuesObject ?? {},
    parameters: helm?.parameters,
    kubeVersion: readPins().KUBERNETES_VERSION,
    includeCrds: true,
    helm: bin.helm,
  });
  return objects;
}

/** CRD files of one module folder (every *.yaml under it holding a CustomResourceDefinition). */
function crdsIn(dir: string): Manifest[] {
  const out: Manifest[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    for (const o of parseYamlStream(readFileSync(file, 'utf8'))) if (o.kind === 'CustomResourceDefinition') out.push(o);
  }
  return out;
}

/**
 * The CRDs the charts we cannot render offline would install, from the upstream modules at our
 * pins: Gateway API's standard channel and CloudNativePG's operator release. (Istio's come from
 * its base chart, Argo CD's with its install.)
 */
export async function upstreamCrds(): Promise<Manifest[]> {
  const p = readPins();
  const gateway = await goModuleDir('sigs.k8s.io/gateway-api', p.GATEWAY_API_VERSION);
  const cnpg = await goModuleDir('github.com/cloudnative-pg/cloudnative-pg', p.CNPG_VERSION);
  return [...crdsIn(join(gateway, 'config', 'crd', 'standard')), ...crdsIn(join(cnpg, 'config', 'crd', 'bases'))];
}
