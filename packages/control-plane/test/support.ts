import type { SimulatedNode } from '../src/kwok.js';
import { addNodes, applyAll, injectSidecars, installPlatform, renderOverlay, type Platform } from '../src/deploy.js';
import { startCluster, type Cluster } from '../src/cluster.js';
import type { Manifest, Result } from '../src/kubectl.js';
import { waitForPlacement, type Placement } from '../src/placement.js';
import { childApplications } from '../src/render.js';
import { chartStandIns, databaseStandIns } from '../src/stand-ins.js';

export interface Deployed {
  cluster: Cluster;
  platform: Platform;
  /** The overlay as applied: rendered by kustomize, sidecars injected, plus the stand-ins. */
  objects: Manifest[];
  /** The API server's answer to the overlay's server-side apply. */
  applied: Result;
  placement: Placement;
}

/**
 * One control plane for a test file: Argo CD, the Applications, Istio, the simulated nodes,
 * then one overlay, and the scheduler's verdict on every pod.
 */
export async function deployOverlay(overlay: 'minikube' | 'production', nodes: readonly SimulatedNode[]): Promise<Deployed> {
  const cluster = await startCluster();
  try {
    const platform = await installPlatform(cluster);
    await addNodes(cluster, nodes);
    const rendered = await injectSidecars(cluster, platform, await renderOverlay(cluster, overlay));
    const apps = await childApplications(cluster.bin);
    const standIns = [...chartStandIns(apps, ['istio-base', 'istiod', 'istio-gateway']), ...databaseStandIns(rendered)];
    await applyAll(cluster, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'observability' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cnpg-system' } },
    ]);
    await applyAll(cluster, rendered.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition'));
    const applied = await cluster.kubectl.apply([...rendered.filter((o) => o.kind !== 'Namespace'), ...standIns]);
    if (applied.code === 0) await waitForAutoscalers(cluster, 60_000);
    const placement = await waitForPlacement(cluster.kubectl, 90_000);
    // Now that every pod exists, store istiod's webhooks for real (istioctl analyze reads the
    // injector's selectors); a pod created after this would call an istiod that is not running.
    await cluster.kubectl.applyOrThrow(platform.webhooks);
    return { cluster, platform, objects: [...rendered, ...standIns], applied, placement };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** Waits until the HPA controller has raised each target to its minReplicas (it does without metrics). */
export async function waitForAutoscalers(cluster: Cluster, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hpas = await cluster.kubectl.list<{ metadata: { namespace: string }; spec: { minReplicas?: number; scaleTargetRef: { kind: string; name: string } } }>('horizontalpodautoscalers');
    const deployments = await cluster.kubectl.list<{ metadata: { name: string; namespace: string }; spec: { replicas?: number } }>('deployments');
    const low = hpas.filter((h) => {
      const t = deployments.find((x) => x.metadata.namespace === h.metadata.namespace && x.metadata.name === h.spec.scaleTargetRef.name);
      return t !== undefined && (t.spec.replicas ?? 1) < (h.spec.minReplicas ?? 1);
    });
    if (low.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the HPA controller did not scale ${low.map((h) => h.spec.scaleTargetRef.name).join(', ')} to minReplicas`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
