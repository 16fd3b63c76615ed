/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access -- tests break objects anywhere */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { OVERLAYS, repoRoot } from '../src/overlays.js';
import { renderKustomization } from '../src/render.js';
import { istioSchemasUnavailable, validateObject, validateObjects } from '../src/schema/validate.js';
import { brokenCopy, render } from './support/manifests.js';

describe('schema validation', () => {
  it.each(OVERLAYS)('every object of %s validates against the real schema of its kind', async (overlay) => {
    const objects = await render(overlay);
    // Kubernetes, Istio and CloudNativePG kinds are all among them.
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'VirtualService', 'AuthorizationPolicy', 'Cluster']));
    expect(validateObjects(objects)).toEqual([]);
  });

  it.each([
    ['Deployment', 'cart', (d: any) => (d.spec.template.spec.containers[0].imagePullPolcy = 'Never'), 'Deployment/cart: spec.template.spec.containers[0].imagePullPolcy: unknown field'],
    ['Deployment', 'order', (d: any) => (d.spec.template.spec.securityContext.runAsNonroot = true), 'Deployment/order: spec.template.spec.securityContext.runAsNonroot: unknown field'],
    ['Service', 'user', (s: any) => (s.spec.ports[0].appprotocol = 'http'), 'Service/user: spec.ports[0].appprotocol: unknown field'],
    ['VirtualService', 'product', (v: any) => (v.spec.http[0].retries.retryon = '5xx'), 'VirtualService/product: spec.http[0].retries.retryon: unknown field'],
    ['DestinationRule', 'cart', (v: any) => (v.spec.trafficPolicy.outlierDetection.consecutiveErrors5xx = 5), 'DestinationRule/cart: spec.trafficPolicy.outlierDetection.consecutiveErrors5xx: unknown field'],
    ['AuthorizationPolicy', 'user', (p: any) => (p.spec.rules[0].to[0].operation.path = ['/x']), 'AuthorizationPolicy/user: spec.rules[0].to[0].operation.path: unknown field'],
    ['Cluster', 'order-db', (c: any) => (c.spec.bootstrap.initdb.ownr = 'order'), 'Cluster/order-db: spec.bootstrap.initdb.ownr: unknown field'],
    ['HorizontalPodAutoscaler', 'user', (h: any) => (h.spec.minReplica = 1), 'HorizontalPodAutoscaler/user: spec.minReplica: unknown field'],
    ['Deployment', 'product', (d: any) => (d.spec.replicas = 'two'), 'Deployment/product: spec.replicas: must be integer'],
    ['Deployment', 'user', (d: any) => (d.spec.template.spec.containers[0].resources.limits.memory = 'lots'), 'Deployment/user: spec.template.spec.containers[0].resources.limits.memory'],
    ['PeerAuthentication', 'default', (p: any) => (p.spec.mtls.mode = 'STRICTER'), 'PeerAuthentication/default: spec.mtls.mode: must be one of'],
    ['Cluster', 'cart-db', (c: any) => (c.spec.instances = 0), 'Cluster/cart-db: spec.instances: must be >= 1'],
  ] as [string, string, (o: any) => void, string][])('a broken %s/%s is reported by kind, name and field', async (kind, name, breakIt, message) => {
    const objects = await brokenCopy('overlays/production', kind, name, breakIt);
    const errors = validateObjects(objects);
    expect(errors.some((e) => e.startsWith(message)), errors.join('\n')).toBe(true);
  });

  // The Istio APIs we write are v1 (networking, security, telemetry), the stable versions since 1.22;
  // their schemas are the pinned Istio release's own CRDs.
  it.each(OVERLAYS)('every Istio object of %s is at v1', async (overlay) => {
    const istio = (await render(overlay)).filter((o) => o.apiVersion.includes('.istio.io/'));
    expect(istio.length).toBeGreaterThan(10);
    expect(istio.filter((o) => !o.apiVersion.endsWith('/v1')).map((o) => `${o.kind}/${o.metadata.name} ${o.apiVersion}`)).toEqual([]);
  });

  it.skipIf(istioSchemasUnavailable())(`validates Istio v1 kinds against the pinned CRDs${istioSchemasUnavailable() ? ` (skipped: ${istioSchemasUnavailable() ?? ''})` : ''}`, () => {
    const telemetry = { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 't', namespace: 'istio-system' }, spec: { tracing: [{ providers: [{ name: 'otel-tracing' }], randomSamplingPercentage: 10 }] } };
    expect(validateObject(telemetry)).toEqual([]);
    const broken = structuredClone(telemetry);
    broken.spec.tracing[0] = { providers: [{ name: 'otel-tracing' }], randomSamplingPercentage: 150 };
    expect(validateObject(broken)).toEqual(['Telemetry/t: spec.tracing[0].randomSamplingPercentage: must be <= 100']);
    expect(validateObject({ ...telemetry, apiVersion: 'telemetry.istio.io/v2' })[0]).toMatch(/no schema known for apiVersion "telemetry.istio.io\/v2"/);
  });

  it.skipIf(istioSchemasUnavailable()).each(['gitops/mesh/minikube', 'gitops/mesh/production'])('the mesh-wide Telemetry of %s validates too', async (dir) => {
    const objects = await renderKustomization(join(repoRoot, dir));
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['telemetry.istio.io/v1 Telemetry']);
    expect(validateObjects(objects)).toEqual([]);
  });

  it('rejects an unknown apiVersion or kind', () => {
    expect(validateObject({ apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualServise', metadata: { name: 'x' } })).toEqual([
      'VirtualServise/x: no schema known for apiVersion "networking.istio.io/v1beta1" kind "VirtualServise"',
    ]);
    expect(validateObject({ apiVersion: 'app/v1', kind: 'Deployment', metadata: { name: 'x' } })[0]).toMatch(/^Deployment\/x: no schema known/);
  });

  it('validates Argo CD objects strictly too (for gitops/)', () => {
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://example.invalid/shop.git', path: 'overlays/minikube', targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    };
    expect(validateObject(app)).toEqual([]);
    const broken = structuredClone(app) as typeof app & { spec: { source: Record<string, unknown> } };
    broken.spec.source.targetRevison = 'main';
    expect(validateObject(broken)).toEqual(['Application/shop: spec.source.targetRevison: unknown field "targetRevison"']);
  });
});
