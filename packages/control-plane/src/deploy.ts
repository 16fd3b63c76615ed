import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Cluster } from './cluster.js';
import { nodeManifest, type SimulatedNode } from './kwok.js';
import { toYamlStream, type Manifest } from './kubectl.js';
import { REPO_ROOT } from './pins.js';
import { argocdInstall, childApplications, kustomize, parseYamlStream, renderIstioApplication, upstreamCrds } from './render.js';

const run = promisify(execFile);

const kindOf = (o: Manifest) => String(o.kind);
const meta = (o: Manifest) => (o.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };

// Admission webhooks point at istiod, which the simulated nodes cannot run: the API server would
// call a pod address that answers nothing. They are checked with a server-side dry run instead.
const isWebhook = (o: Manifest) => /^(Mutating|Validating)WebhookConfiguration$/.test(kindOf(o));

async function waitEstablished(cluster: Cluster, crds: readonly Manifest[]): Promise<void> {
  const names = crds.map((c) => `crd/${meta(c).name ?? ''}`);
  for (let i = 0; i < names.length; i += 50) await cluster.kubectl.run(['wait', '--for=condition=Established', '--timeout=120s', ...names.slice(i, i + 50)]);
}

/**
 * Applies objects the way a user's cluster receives them: CRDs first (and waits until they are
 * served), then namespaces, then the rest; webhooks only as a server-side dry run.
 */
export async function applyAll(cluster: Cluster, objects: readonly Manifest[]): Promise<void> {
  const crds = objects.filter((o) => kindOf(o) === 'CustomResourceDefinition');
  const namespaces = objects.filter((o) => kindOf(o) === 'Namespace');
  const webhooks = objects.filter(isWebhook);
  const rest = objects.filter((o) => !crds.includes(o) && !namespaces.includes(o) && !webhooks.includes(o));
  if (crds.length > 0) {
    await cluster.kubectl.applyOrThrow(crds);
    await waitEstablished(cluster, crds);
  }
  if (namespaces.length > 0) await cluster.kubectl.applyOrThrow(namespaces);
  if (webhooks.length > 0) await cluster.kubectl.applyOrThrow(webhooks, ['--dry-run=server']);
  if (rest.length > 0) await cluster.kubectl.applyOrThrow(rest);
}

/** The namespaces an Application creates with CreateNamespace=true. */
function namespaceObject(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export interface Platform {
  /** The rendered istiod chart: its mesh config and sidecar injector templates. */
  istiod: Manifest[];
  gateway: Manifest[];
  /** Istio's admission webhooks, only dry-run-applied by installPlatform. */
  webhooks: Manifest[];
}

/**
 * Everything below the shop: the CRDs at our pins, Argo CD from gitops/argocd, the AppProject,
 * the root and every child Application, and Istio's base, istiod and gateway charts rendered
 * with our values.
 */
export async function installPlatform(cluster: Cluster): Promise<Platform> {
  const bin = cluster.bin;
  const apps = await childApplications(bin);
  const [argocd, base, istiod, gateway, crds] = await Promise.all([
    argocdInstall(bin),
    renderIstioApplication(bin, apps, 'istio-base'),
    renderIstioApplication(bin, apps, 'istiod'),
    renderIstioApplication(bin, apps, 'istio-gateway'),
    upstreamCrds(),
  ]);
  await applyAll(cluster, [...crds, ...base.filter((o) => kindOf(o) === 'CustomResourceDefinition'), ...argocd]);
  const root = parseYamlStream(readFileSync(join(REPO_ROOT, 'gitops', 'root.yaml'), 'utf8'));
  await applyAll(cluster, [...apps.filter((a) => kindOf(a) === 'AppProject'), ...root, ...apps.filter((a) => kindOf(a) === 'Application')]);
  await applyAll(cluster, [namespaceObject('istio-system'), namespaceObject('istio-ingress'), ...base, ...istiod, ...gateway]);
  return { istiod, gateway, webhooks: [...base, ...istiod].filter(isWebhook) };
}

/** Creates the simulated nodes and waits until kwok reports them Ready. */
export async function addNodes(cluster: Cluster, nodes: readonly SimulatedNode[]): Promise<void> {
  await cluster.kubectl.applyOrThrow(nodes.map(nodeManifest));
  await cluster.kubectl.run(['wait', '--for=condition=Ready', '--timeout=120s', ...nodes.map((n) => `node/${n.name}`)]);
}

function configMapData(objects: readonly Manifest[], name: string): Record<string, string> {
  const cm = objects.find((o) => kindOf(o) === 'ConfigMap' && meta(o).name === name);
  if (!cm) throw new Error(`the rendered istiod chart has no ConfigMap ${name}`);
  return (cm.data ?? {}) as Record<string, string>;
}

/**
 * What istiod's injection webhook would do to the pods of namespaces labelled
 * istio-injection=enabled, done ahead of time with `istioctl kube-inject` and the rendered
 * chart's own templates, values and mesh config: the sidecars' requests then count.
 */
export async function injectSidecars(cluster: Cluster, platform: Platform, objects: readonly Manifest[]): Promise<Manifest[]> {
  const injected = new Set(objects.filter((o) => kindOf(o) === 'Namespace' && meta(o).labels?.['istio-injection'] === 'enabled').map((o) => meta(o).name));
  const targets = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(kindOf(o)) && injected.has(meta(o).namespace));
  if (targets.length === 0) return [...objects];
  const dir = mkdtempSync(join(tmpdir(), 'shop-inject-'));
  try {
    const injector = configMapData(platform.istiod, 'istio-sidecar-injector');
    writeFileSync(join(dir, 'inject.yaml'), injector.config ?? '');
    writeFileSync(join(dir, 'values.json'), injector.values ?? '{}');
    writeFileSync(join(dir, 'mesh.yaml'), configMapData(platform.istiod, 'istio').mesh ?? '');
    writeFileSync(join(dir, 'in.yaml'), toYamlStream(targets));
    const { stdout } = await run(
      cluster.bin.istioctl,
      // No kubeconfig: with one (or the default) kube-inject waits on a cluster it does not need.
      ['kube-inject', `--kubeconfig=${join(dir, 'no-cluster')}`, '-f', join(dir, 'in.yaml'), '--injectConfigFile', join(dir, 'inject.yaml'), '--valuesFile', join(dir, 'values.json'), '--meshConfigFile', join(dir, 'mesh.yaml')],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((e: { stderr?: string; message: string }) => {
      throw new Error(`istioctl kube-inject failed: ${(e.stderr ?? e.message).trim()}`);
    });
    const out = parseYamlStream(stdout);
    return objects.map((o) => (targets.includes(o) ? (out[targets.indexOf(o)] ?? o) : o));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function renderOverlay(cluster: Cluster, overlay: 'minikube' | 'production'): Promise<Manifest[]> {
  return kustomize(cluster.bin, join(REPO_ROOT, 'overlays', overlay));
}
