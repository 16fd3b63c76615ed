import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { footprint, formatFootprint, selectorProblems } from '../src/placement.js';
import { deployOverlay, type Deployed } from './support.js';

// Production: two nodes in each of three zones, each 4 CPU and 16 GiB allocatable.
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const NODES = ZONES.flatMap((zone) => [1, 2].map((i) => ({ name: `${zone}-${i}`, zone, cpu: '4', memory: '16Gi' })));
const CAPACITY = { cpu: 4 * NODES.length, memory: 16 * 2 ** 30 * NODES.length };

let d: Deployed;

beforeAll(async () => {
  d = await deployOverlay('production', NODES);
});
afterAll(async () => d?.cluster.stop());

describe('overlays/production on a real control plane', () => {
  it('is admitted whole: server-side apply with strict field validation', () => {
    expect(d.applied.stderr).toBe('');
    expect(d.applied.code).toBe(0);
  });

  it('places every pod, its zone spread satisfied', () => {
    expect(d.placement.problems).toEqual([]);
    const zoneOf = new Map(NODES.map((n) => [n.name, n.zone]));
    // Every app of the shop with more than one pod runs in more than one zone.
    const byApp = new Map<string, Set<string>>();
    for (const p of d.placement.pods.filter((p) => p.metadata.namespace === 'shop')) {
      const app = p.metadata.labels?.app ?? p.metadata.labels?.['cnpg.io/cluster'] ?? '';
      const zones = byApp.get(app) ?? new Set<string>();
      zones.add(zoneOf.get(p.spec.nodeName ?? '') ?? '');
      byApp.set(app, zones);
    }
    for (const [app, zones] of byApp) expect.soft(zones.size, `${app} spread over zones`).toBeGreaterThan(1);
  });

  it('has every Service, HPA and PodDisruptionBudget select what exists', async () => {
    expect(await selectorProblems(d.cluster.kubectl, ['shop', 'istio-system', 'istio-ingress', 'argocd'])).toEqual([]);
  });

  it('reports the production footprint against the six nodes', () => {
    const f = footprint(d.placement.pods);
    console.log(`production footprint (6 nodes over 3 zones, 4 CPU and 16 GiB each):\n${formatFootprint(f, CAPACITY)}`);
    expect(f.total.cpu).toBeLessThanOrEqual(CAPACITY.cpu);
  });
});
