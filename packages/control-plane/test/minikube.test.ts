import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_ALLOWED } from '../src/analyze-allow.js';
import { analyze, meshConfigOf, unexplained } from '../src/istioctl.js';
import { footprint, formatFootprint, selectorProblems } from '../src/placement.js';
import { childApplications } from '../src/render.js';
import { deployOverlay, type Deployed } from './support.js';

// The README's laptop: `minikube start --cpus 4 --memory 10g`, less what minikube's own pods
// and the node keep: kube-apiserver 250m, controller-manager 200m, scheduler 100m, etcd 100m
// and 100Mi, coredns 100m and 70Mi (their requests), and about 1 GiB of memory for the kernel,
// kubelet and container runtime.
const SYSTEM_ALLOWANCE = { cpu: 0.75, memory: 1.25 * 2 ** 30 };
const NODE = { cpu: 4 - SYSTEM_ALLOWANCE.cpu, memory: 10 * 2 ** 30 - SYSTEM_ALLOWANCE.memory };

let d: Deployed;

beforeAll(async () => {
  d = await deployOverlay('minikube', [{ name: 'minikube', cpu: `${NODE.cpu * 1000}m`, memory: `${NODE.memory / 2 ** 20}Mi` }]);
});
afterAll(async () => d?.cluster.stop());

describe('overlays/minikube on a real control plane', () => {
  it('is admitted whole: server-side apply with strict field validation', () => {
    expect(d.applied.stderr).toBe('');
    expect(d.applied.code).toBe(0);
  });

  it('has Argo CD, the AppProject, the root and every child Application stored', async () => {
    const apps = await d.cluster.kubectl.list<{ metadata: { name: string } }>('applications.argoproj.io', 'argocd');
    const children = (await childApplications(d.cluster.bin)).filter((a) => a.kind === 'Application').map((a) => (a.metadata as { name: string }).name);
    expect(children.length).toBeGreaterThanOrEqual(10);
    expect(apps.map((a) => a.metadata.name).sort()).toEqual([...children, 'shop-root'].sort());
    const projects = await d.cluster.kubectl.list<{ metadata: { name: string } }>('appprojects.argoproj.io', 'argocd');
    expect(projects.map((p) => p.metadata.name)).toEqual(['shop']);
  });

  it('places every pod (Argo CD, Istio, the shop, the addons, the databases) on the one minikube node', () => {
    expect(d.placement.problems).toEqual([]);
    expect(new Set(d.placement.pods.map((p) => p.spec.nodeName))).toEqual(new Set(['minikube']));
    // The shop's pods carry the sidecar the injector would add.
    const shop = d.placement.pods.filter((p) => p.metadata.namespace === 'shop' && !p.metadata.labels?.['shop.test/stand-in']);
    expect(shop.length).toBeGreaterThanOrEqual(5);
    for (const p of shop) expect([...(p.spec.initContainers ?? []), ...p.spec.containers].map((c) => c.name)).toContain('istio-proxy');
  });

  it('has every Service, HPA and PodDisruptionBudget select what exists', async () => {
    expect(await selectorProblems(d.cluster.kubectl, ['shop', 'istio-system', 'istio-ingress', 'argocd'])).toEqual([]);
  });

  it('reports the laptop footprint: requests per namespace against the node', () => {
    const f = footprint(d.placement.pods);
    console.log(`minikube footprint (node: 4 CPU, 10 GiB less the system allowance):\n${formatFootprint(f, NODE)}`);
    expect(f.total.cpu).toBeLessThanOrEqual(NODE.cpu);
    expect(f.total.memory).toBeLessThanOrEqual(NODE.memory);
  });
});

describe('istioctl analyze against the same API server', () => {
  it('finds no error and no warning, except the commented allow-list', async () => {
    const messages = await analyze(d.cluster, meshConfigOf(d.platform.istiod));
    console.log(`istioctl analyze: ${messages.length} messages\n${messages.map((m) => `  ${m.level} ${m.code} ${m.origin ?? ''}`).join('\n')}`);
    expect(unexplained(messages, ANALYZE_ALLOWED)).toEqual([]);
  });
});
