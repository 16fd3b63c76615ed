import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OVERLAYS, repoRoot } from '../src/overlays.js';
import { parseManifests, renderKustomization } from '../src/render.js';
import { render } from './support/manifests.js';

describe('rendering', () => {
  it.each(OVERLAYS)('%s renders with kubectl kustomize into namespaced shop objects', async (overlay) => {
    const objects = await render(overlay);
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(
      expect.arrayContaining(['product', 'cart', 'user', 'order']),
    );
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('shop');
  });

  it('production carries the canary, autoscalers, budgets and no load generator; minikube the load generator', async () => {
    const production = await render('overlays/production');
    const kinds = (kind: string) => production.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
    expect(kinds('HorizontalPodAutoscaler')).toEqual(['cart', 'order', 'product', 'storefront', 'user']);
    expect(kinds('PodDisruptionBudget')).toEqual(['cart', 'order', 'product', 'storefront', 'user']);
    expect(kinds('Deployment')).toEqual(['cart', 'order', 'product', 'product-v2', 'storefront', 'user']);
    const minikube = await render('overlays/minikube');
    expect(minikube.some((o) => o.kind === 'Deployment' && o.metadata.name === 'loadgen')).toBe(true);
  });

  it('fails with kustomize\'s message naming the file when a copy of the manifests is broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifests-'));
    try {
      await cp(join(repoRoot, 'base'), join(dir, 'base'), { recursive: true });
      await cp(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
      await rm(join(dir, 'base', 'cart.yaml'));
      await expect(renderKustomization(join(dir, 'overlays', 'minikube'))).rejects.toThrow(/cart\.yaml/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a YAML document that is not a Kubernetes object', async () => {
    expect(() => parseManifests('kind: Service\nmetadata: {}\n')).toThrow(/not a Kubernetes object/);
    const dir = await mkdtemp(join(tmpdir(), 'manifests-'));
    try {
      await writeFile(join(dir, 'kustomization.yaml'), 'resources: [broken.yaml]\n');
      await writeFile(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
      await expect(renderKustomization(dir)).rejects.toThrow(/kubectl kustomize/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
