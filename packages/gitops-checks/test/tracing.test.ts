// Traces start at the gateway: istiod's real mesh config (the pinned istiod chart rendered by a
// real Helm with our values) and every Telemetry we deploy give the ingress gateway and every shop
// workload the OpenTelemetry provider, with the sampling decided once, at the gateway.
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  effectiveTracing,
  helmTemplate,
  istioModule,
  loadChartLock,
  renderKustomize,
  tracingProblems,
  type MeshConfig,
  type Proxy,
  type TelemetryObject,
} from '../src/index.js';
import { REPO_ROOT, app, clone, gitops } from './repo.js';

const g = gitops();
const module = istioModule(loadChartLock(REPO_ROOT));
const skip = 'unavailable' in module ? module.unavailable : undefined;
const charts = 'charts' in module ? module.charts : '';

type Rendered = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string } };
const values = (name: string) => clone(app(g, name).spec.source?.helm?.valuesObject ?? {});

async function meshConfig(istiodValues: Record<string, unknown>): Promise<MeshConfig> {
  const objects = (await helmTemplate(join(charts, 'istio-control/istio-discovery'), { releaseName: 'istiod', namespace: 'istio-system', values: istiodValues })) as Rendered[];
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'istio') as { data?: { mesh?: string } } | undefined;
  if (!cm?.data?.mesh) throw new Error('the istiod chart rendered no ConfigMap istio with a mesh config');
  return parse(cm.data.mesh) as MeshConfig;
}

interface PodTemplateOwner {
  metadata: { name: string; namespace?: string };
  spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: { name: string; resources?: { limits?: Record<string, unknown> } }[] } } };
}

async function gatewayDeployment(gatewayValues: Record<string, unknown>, parameters = app(g, 'istio-gateway').spec.source?.helm?.parameters): Promise<PodTemplateOwner> {
  const a = app(g, 'istio-gateway');
  const objects = (await helmTemplate(join(charts, 'gateway'), {
    releaseName: a.spec.source?.helm?.releaseName ?? '',
    namespace: a.spec.destination.namespace ?? '',
    values: gatewayValues,
    parameters,
  })) as Rendered[];
  const d = objects.find((o) => o.kind === 'Deployment');
  if (!d) throw new Error('the gateway chart rendered no Deployment');
  return d as unknown as PodTemplateOwner;
}

const proxyOf = (d: PodTemplateOwner, namespace: string): Proxy => ({
  name: `${namespace}/${d.metadata.name}`,
  namespace,
  labels: d.spec.template.metadata.labels,
});

const ENVIRONMENTS = [
  { overlay: 'overlays/minikube', mesh: 'gitops/mesh/minikube', rate: 100 },
  { overlay: 'overlays/production', mesh: 'gitops/mesh/production', rate: 10 },
] as const;

describe.skipIf(skip)(`traces start at the gateway${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('mesh-defaults deploys the minikube tracing next to the minikube shop (production switches both paths)', () => {
    expect(app(g, 'mesh-defaults').spec.source?.path).toBe('gitops/mesh/minikube');
    expect(app(g, 'shop').spec.source?.path).toBe('overlays/minikube');
  });

  it.each(ENVIRONMENTS)('$overlay + $mesh: the gateway and every shop workload report to otel-tracing, sampled once at the gateway', async ({ overlay, mesh, rate }) => {
    const config = await meshConfig(values('istiod'));
    const gateway = proxyOf(await gatewayDeployment(values('istio-gateway')), app(g, 'istio-gateway').spec.destination.namespace ?? '');
    const shop = await renderKustomize(join(REPO_ROOT, overlay));
    const telemetries = [...(await renderKustomize(join(REPO_ROOT, mesh))), ...shop].filter((o) => o.kind === 'Telemetry') as TelemetryObject[];
    const workloads = shop.filter((o) => o.kind === 'Deployment').map((d) => proxyOf(d as unknown as PodTemplateOwner, d.metadata.namespace ?? ''));
    expect(workloads.length).toBeGreaterThanOrEqual(4);

    expect(tracingProblems(config, telemetries, gateway, workloads)).toEqual([]);
    const atGateway = effectiveTracing(config, telemetries, gateway);
    expect(atGateway).toEqual({ provider: 'otel-tracing', randomSamplingPercentage: rate, from: ['istio-system/mesh-default'], disabled: false });
    for (const w of workloads) expect(effectiveTracing(config, telemetries, w), w.name).toEqual({ ...atGateway, from: ['istio-system/mesh-default'] });
  });

  it("without a Telemetry the mesh config alone still gives the gateway the provider (the chart's legacy tracer stays none)", async () => {
    const config = await meshConfig(values('istiod'));
    expect(config.defaultProviders?.tracing).toEqual(['otel-tracing']);
    const gateway = proxyOf(await gatewayDeployment(values('istio-gateway')), 'istio-ingress');
    expect(effectiveTracing(config, [], gateway)).toMatchObject({ provider: 'otel-tracing', disabled: false });
    // The provider is Jaeger's OTLP/gRPC port, on the Service the jaeger Application creates.
    const jaeger = app(g, 'jaeger');
    expect(config.extensionProviders?.find((p) => p.name === 'otel-tracing')?.opentelemetry).toEqual({
      service: `${jaeger.spec.source?.helm?.releaseName ?? ''}.${jaeger.spec.destination.namespace ?? ''}.svc.cluster.local`,
      port: 4317,
    });
  });

  it('the platform as it was (no defaultProviders, a Telemetry only in shop) leaves the gateway without spans', async () => {
    const old = values('istiod') as { meshConfig: { defaultProviders?: unknown } };
    delete old.meshConfig.defaultProviders;
    const config = await meshConfig(old);
    const gateway = proxyOf(await gatewayDeployment(values('istio-gateway')), 'istio-ingress');
    const shopTelemetry: TelemetryObject = {
      metadata: { name: 'tracing', namespace: 'shop' },
      spec: { tracing: [{ providers: [{ name: 'otel-tracing' }], randomSamplingPercentage: 10 }] },
    };
    const cart: Proxy = { name: 'shop/cart', namespace: 'shop', labels: { app: 'cart', version: 'v1' } };
    expect(effectiveTracing(config, [shopTelemetry], cart)).toMatchObject({ provider: 'otel-tracing', randomSamplingPercentage: 10 });
    expect(tracingProblems(config, [shopTelemetry], gateway, [cart])).toEqual([
      `istio-ingress/istio-ingressgateway: sends no spans (no tracing provider from meshConfig.defaultProviders.tracing or a Telemetry; the chart's legacy tracer is "none")`,
      'istio-ingress/istio-ingressgateway: no Telemetry in the root namespace istio-system sets randomSamplingPercentage, so the gateway samples at istiod\'s 1 % fallback',
      'Telemetry shop/tracing: sets randomSamplingPercentage outside the root namespace: sampling is decided once, at the gateway',
    ]);
  });
});

describe.skipIf(skip)(`the ingress gateway's pod${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('has exactly our resource limits (a limit we leave out is removed with null, not kept from the chart)', async () => {
    const proxy = (await gatewayDeployment(values('istio-gateway'))).spec.template.spec.containers.find((c) => c.name === 'istio-proxy');
    expect(proxy?.resources?.limits).toEqual({ memory: '512Mi' });
  });

  it('keeps the chart default cpu: 2000m when the values only name the memory limit (the Application as it was)', async () => {
    const proxy = (await gatewayDeployment(values('istio-gateway'), [])).spec.template.spec.containers.find((c) => c.name === 'istio-proxy');
    expect(proxy?.resources?.limits).toEqual({ cpu: '2000m', memory: '512Mi' });
  });
});
