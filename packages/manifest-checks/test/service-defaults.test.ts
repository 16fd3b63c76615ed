/* eslint-disable @typescript-eslint/no-unsafe-assignment -- expect.stringMatching is typed any */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@shop/kit/services';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { K8sObject } from '../src/objects.js';
import { repoRoot } from '../src/overlays.js';
import { render } from './support/manifests.js';

interface Deployment extends K8sObject {
  spec: { replicas?: number; template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } & Record<string, unknown> } };
}

const deployment = (objects: readonly K8sObject[], name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as Deployment;

describe('base/service-defaults and the canary', () => {
  it("adds the shared parts to exactly the kit's list of services", () => {
    const component = parse(readFileSync(join(repoRoot, 'base/service-defaults/kustomization.yaml'), 'utf8')) as { patches: { target: { labelSelector: string } }[] };
    for (const patch of component.patches) expect(patch.target.labelSelector).toBe(`app in (${SERVICE_NAMES.join(',')})`);
  });

  it.each(['overlays/minikube', 'overlays/production'] as const)('%s: every service Deployment has the shared probes, security and shutdown', async (overlay) => {
    const objects = await render(overlay);
    for (const name of SERVICE_NAMES) {
      const pod = deployment(objects, name).spec.template.spec;
      expect(pod.terminationGracePeriodSeconds, name).toBe(35);
      expect(pod.containers[0], name).toMatchObject({
        name,
        readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        envFrom: [{ configMapRef: { name: expect.stringMatching(/^shop-config-/) } }, { configMapRef: { name: expect.stringMatching(new RegExp(`^${name}-config-`)) } }],
      });
    }
  });

  it('product-v2 is v1 but for its name, version label, replica count and image', async () => {
    const objects = await render('overlays/production');
    const v1 = deployment(objects, 'product');
    const v2 = deployment(objects, 'product-v2');
    expect(v2.spec.template.metadata.labels).toEqual({ app: 'product', version: 'v2' });
    expect(v2.spec.replicas).toBe(1);
    expect(v2.spec.template.spec.containers[0]?.image).toBe('shop/product:1.1.0');
    expect(v1.spec.template.spec.containers[0]?.image).toBe('shop/product:1.0.0');
    const withoutImage = (d: Deployment) => ({ ...d.spec.template.spec, containers: d.spec.template.spec.containers.map((c) => ({ ...c, image: undefined })) });
    expect(withoutImage(v2)).toEqual(withoutImage(v1));
  });
});
