import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBinaries } from '../src/binaries.js';
import type { Manifest } from '../src/kubectl.js';
import { REPO_ROOT } from '../src/pins.js';
import { kustomize } from '../src/render.js';
import { patchTargetsMatchNothing, pdbBlocksDrains, spreadSelectsNothing } from '../src/scheduling-rules.js';

// Rules for what the real chain stores and obeys without a word, each with a broken copy.

const overlays = ['minikube', 'production'] as const;
const rendered = new Map<string, Manifest[]>();
beforeAll(async () => {
  const bin = findBinaries();
  for (const o of overlays) rendered.set(o, await kustomize(bin, join(REPO_ROOT, 'overlays', o)));
});
const objectsOf = (o: string) => structuredClone(rendered.get(o) ?? []);
type Obj = Manifest & {
  kind: string;
  metadata: { name: string };
  spec: { maxUnavailable?: unknown; minAvailable?: unknown; template: { spec: { topologySpreadConstraints: { labelSelector: unknown }[] } } };
};
const find = (objs: Manifest[], kind: string, name: string) => objs.find((o) => o.kind === kind && (o.metadata as { name: string }).name === name) as Obj;

describe('rules for what no component judges', () => {
  it('our overlays pass all three', () => {
    for (const o of overlays) {
      const objs = objectsOf(o);
      expect(pdbBlocksDrains(objs), o).toEqual([]);
      expect(patchTargetsMatchNothing(join(REPO_ROOT, 'overlays', o), objs), o).toEqual([]);
    }
    // Today's production spread selects its own pods (its defect is another one: see broken.test.ts).
    expect(spreadSelectsNothing(objectsOf('production'))).toEqual([]);
  });

  it('catch a PodDisruptionBudget that blocks every drain', () => {
    const objs = objectsOf('production');
    const pdb = objs.find((o) => o.kind === 'PodDisruptionBudget') as Obj;
    delete pdb.spec.maxUnavailable;
    pdb.spec.minAvailable = '100%';
    expect(pdbBlocksDrains(objs).join('\n')).toMatch(new RegExp(`PodDisruptionBudget shop/${pdb.metadata.name} allows no eviction`));
  });

  it('catch a topology spread whose selector matches none of its pods', () => {
    const objs = objectsOf('production');
    const d = find(objs, 'Deployment', 'cart');
    d.spec.template.spec.topologySpreadConstraints[0]!.labelSelector = { matchLabels: { app: 'carts' } };
    expect(spreadSelectsNothing(objs)).toEqual(['Deployment shop/cart: topologySpreadConstraints[0] (topology.kubernetes.io/zone) selects none of its own pods']);
  });

  it('catch a kustomize patch whose target matches nothing', () => {
    const dir = join(REPO_ROOT, 'overlays', 'minikube');
    const text = readFileSync(join(dir, 'kustomization.yaml'), 'utf8').replace('labelSelector: app in (product,cart,user,order)', 'labelSelector: app in (products,carts)');
    expect(patchTargetsMatchNothing(dir, objectsOf('minikube'), text).join('\n')).toMatch(/targets .*app in \(products,carts\).*matches no object: kustomize skips it silently/);
  });
});
