import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncOptionsOf, type ArgoApplication, type RenderedObject } from '../src/index.js';
import { REPO_ROOT, app, gitops, renderedPaths } from './repo.js';

type Values = Record<string, unknown>;
const g = gitops();

function values(name: string): Values {
  const v = app(g, name).spec.source?.helm?.valuesObject;
  if (!v) throw new Error(`Application ${name} has no helm valuesObject`);
  return v;
}

/** A value at a dotted path of Helm values (keys may themselves contain dots, so pass an array). */
function at(v: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((acc, key) => (acc !== null && typeof acc === 'object' ? (acc as Values)[key] : undefined), v);
}

/** Cluster DNS name of the Service a chart release exposes under its release name. */
function serviceHost(a: ArgoApplication, service = a.spec.source?.helm?.releaseName): string {
  return `${service}.${a.spec.destination.namespace}.svc.cluster.local`;
}

async function shopObjects(): Promise<RenderedObject[]> {
  return (await renderedPaths()).find((r) => r.app === 'shop')?.objects ?? [];
}

describe('istiod', () => {
  const mesh = at(values('istiod'), ['meshConfig']) as Values;

  // The tracing provider, the mesh-wide Telemetry and the gateway's spans: tracing.test.ts, over
  // the istiod chart rendered with these values.
  it('holds the app until its proxy is ready and merges app metrics into the sidecar scrape', () => {
    expect(at(mesh, ['defaultConfig', 'holdApplicationUntilProxyStarts'])).toBe(true);
    expect(mesh.enablePrometheusMerge).toBe(true);
    expect(at(values('istiod'), ['sidecarInjectorWebhook', 'enableNamespacesByDefault'])).toBe(false);
  });

  it('does not loop OutOfSync on the webhooks istiod patches at run time', () => {
    for (const name of ['istio-base', 'istiod']) {
      const a = app(g, name);
      const validating = (a.spec.ignoreDifferences ?? []).find((d) => d.kind === 'ValidatingWebhookConfiguration') as
        | { group?: string; jqPathExpressions?: string[] }
        | undefined;
      expect(validating?.group, name).toBe('admissionregistration.k8s.io');
      expect(validating?.jqPathExpressions, name).toEqual(expect.arrayContaining(['.webhooks[]?.failurePolicy']));
      // Without it, self-heal would re-apply the ignored fields on every sync.
      expect(syncOptionsOf(a), name).toContain('RespectIgnoreDifferences=true');
    }
  });
});

describe('the ingress gateway', () => {
  it("labels its pods with the selector of the shop's Gateway", async () => {
    const release = app(g, 'istio-gateway').spec.source?.helm?.releaseName ?? '';
    // The gateway chart labels pods istio=<release name without its "istio-" prefix>.
    const podLabel = { istio: release.replace(/^istio-/, '') };
    const gateways = (await shopObjects()).filter((o) => o.kind === 'Gateway');
    expect(gateways.length).toBeGreaterThan(0);
    for (const gw of gateways) expect((gw.spec as { selector?: unknown }).selector, gw.metadata.name).toEqual(podLabel);
  });
});

describe('the shop Application', () => {
  it('syncs automatically with prune and self-heal into its own namespace', () => {
    const shop = app(g, 'shop');
    expect(shop.spec.syncPolicy?.automated).toEqual({ prune: true, selfHeal: true });
    expect(syncOptionsOf(shop)).toEqual(expect.arrayContaining(['CreateNamespace=true', 'SkipDryRunOnMissingResource=true']));
    expect(shop.spec.destination.namespace).toBe('shop');
  });

  it('creates the namespace of every Application that deploys into one of its own', () => {
    for (const { value } of g.applications.filter((a) => a.value.spec.destination.namespace !== 'argocd'))
      expect(syncOptionsOf(value), value.metadata.name).toContain('CreateNamespace=true');
  });
});

describe('observability addons', () => {
  const prometheus = `http://${serviceHost(app(g, 'prometheus'), 'prometheus-server')}`;
  const grafana = `http://${serviceHost(app(g, 'grafana'))}`;
  const jaeger = serviceHost(app(g, 'jaeger'));

  it("make Prometheus scrape every pod that asks for it, at its annotated port and path (Istio's merged endpoint)", async () => {
    type Relabel = { source_labels?: string[]; action?: string; regex?: string; target_label?: string };
    const jobs = at(values('prometheus'), ['serverFiles', 'prometheus.yml', 'scrape_configs']) as {
      job_name: string;
      kubernetes_sd_configs?: { role: string }[];
      relabel_configs?: Relabel[];
    }[];
    const pods = jobs.find((j) => j.kubernetes_sd_configs?.some((c) => c.role === 'pod'));
    const rules = pods?.relabel_configs ?? [];
    const from = (annotation: string) => rules.filter((r) => r.source_labels?.[0] === `__meta_kubernetes_pod_annotation_prometheus_io_${annotation}`);
    expect(from('scrape')).toEqual([expect.objectContaining({ action: 'keep', regex: 'true' })]);
    expect(from('path').map((r) => r.target_label)).toEqual(['__metrics_path__']);
    expect(from('port').map((r) => r.target_label)).toEqual(['__address__', '__address__']);

    // The services' pods ask to be scraped; Istio rewrites these annotations to its merged endpoint.
    const deployments = (await shopObjects()).filter((o) => o.kind === 'Deployment' && /^(product|cart|user|order)$/.test(o.metadata.name));
    expect(deployments).toHaveLength(4);
    for (const d of deployments) {
      const annotations = (d.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template.metadata.annotations ?? {};
      expect(annotations, d.metadata.name).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' });
      expect(annotations['prometheus.io/port'], d.metadata.name).toMatch(/^\d+$/);
    }
  });

  it('set no Kiali value that Kiali ignores', () => {
    // Kiali 2.24+ reads no external_services.istio.root_namespace (the chart fills it with the
    // release namespace anyway): a value there only suggests a setting that does nothing.
    const dead = [['external_services', 'istio', 'root_namespace']];
    for (const path of dead) expect(at(values('kiali'), path), path.join('.')).toBeUndefined();
  });

  it('wire Kiali to Prometheus, Jaeger (query gRPC) and Grafana', () => {
    const kiali = values('kiali');
    expect(at(kiali, ['external_services', 'prometheus', 'url'])).toBe(prometheus);
    expect(at(kiali, ['external_services', 'grafana'])).toMatchObject({ enabled: true, internal_url: grafana });
    expect(at(kiali, ['external_services', 'tracing'])).toMatchObject({ enabled: true, provider: 'jaeger', use_grpc: true, internal_url: `http://${jaeger}:16685` });
  });

  it('give Grafana Prometheus and Jaeger, Istio dashboards pinned by revision, and the shop dashboard by label', async () => {
    const v = values('grafana');
    const sources = at(v, ['datasources', 'datasources.yaml', 'datasources']) as { uid: string; type: string; url: string }[];
    expect(sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uid: 'prometheus', type: 'prometheus', url: prometheus }),
        expect.objectContaining({ uid: 'jaeger', type: 'jaeger', url: `http://${jaeger}:16686` }),
      ]),
    );
    const istio = at(v, ['dashboards', 'istio']) as Record<string, { gnetId: unknown; revision: unknown }>;
    expect(Object.values(istio).map((d) => d.gnetId).sort()).toEqual([11829, 7630, 7636, 7639, 7645]);
    for (const d of Object.values(istio)) expect(Number.isInteger(d.revision)).toBe(true);

    const sidecar = at(v, ['sidecar', 'dashboards']) as { label: string; labelValue: string; searchNamespace: string };
    const rendered = (await renderedPaths()).find((r) => r.app === 'shop-dashboards')?.objects ?? [];
    expect(rendered).toHaveLength(1);
    const cm = rendered[0] as RenderedObject & { metadata: { labels?: Record<string, string> } };
    expect(cm.metadata.labels?.[sidecar.label]).toBe(sidecar.labelValue);
    expect(cm.metadata.namespace).toBe(sidecar.searchNamespace);
  });
});

describe('the shop dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, 'gitops/dashboards/shop-overview.json'), 'utf8')) as {
    uid: string;
    panels: { id: number; type: string; title: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
  };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const byTitle = (title: string) => (panels.find((p) => p.title === title)?.targets ?? []).map((t) => t.expr).join('\n');

  it('reads only the metrics the services emit, from the Prometheus data source', () => {
    const emitted = new Set([
      'shop_orders_total',
      'shop_order_failures_total',
      'shop_order_value_cents_bucket',
      'shop_order_value_cents_sum',
      'shop_order_value_cents_count',
      'shop_stock_reservation_conflicts_total',
      'rpc_server_duration_seconds_bucket',
      'rpc_server_requests_total',
    ]);
    const used = new Set(exprs.flatMap((e) => e.match(/\b(?:shop|rpc)_[a-z_]+\b/g) ?? []));
    expect([...used].filter((m) => !emitted.has(m))).toEqual([]);
    expect([...emitted].filter((m) => !used.has(m))).toEqual([]);
    for (const p of panels) expect(p.datasource?.uid, p.title).toBe('prometheus');
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('shows orders per minute, order value, failures by reason, stock conflicts and p99 per procedure', () => {
    expect(byTitle('Orders per minute')).toMatch(/sum by \(status\) \(rate\(shop_orders_total\[\$__rate_interval\]\)\) \* 60/);
    expect(byTitle('Order value')).toMatch(/histogram_quantile\(0\.95, sum by \(le\) \(rate\(shop_order_value_cents_bucket/);
    expect(byTitle('Failed orders by reason')).toMatch(/sum by \(reason\) \(rate\(shop_order_failures_total/);
    expect(byTitle('Stock reservation conflicts')).toMatch(/rate\(shop_stock_reservation_conflicts_total/);
    expect(byTitle('p99 latency per procedure')).toMatch(/histogram_quantile\(0\.99, sum by \(le, service, procedure\) \(rate\(rpc_server_duration_seconds_bucket/);
  });
});

/** Every .ts file under the services' and the kit's src/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('the metrics behind the shop dashboard', () => {
  const declared = new Map<string, Set<string>>();
  for (const pkg of ['kit', 'product', 'cart', 'user', 'order'])
    for (const file of sourceFiles(join(REPO_ROOT, 'packages', pkg, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/name: '((?:shop|rpc)_[a-z_]+)',([^}]*)\}/g)) {
        const labelNames = /labelNames: \[([^\]]*)\]/.exec(m[2] ?? '')?.[1] ?? '';
        const labels = [...labelNames.matchAll(/'([a-z_]+)'/g)].map((l) => l[1] ?? '');
        declared.set(m[1] ?? '', new Set([...labels, 'service', 'version', 'le']));
      }
    }
  const dashboard = readFileSync(join(REPO_ROOT, 'gitops/dashboards/shop-overview.json'), 'utf8');
  const exprs = [...dashboard.matchAll(/"expr": "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1] ?? ''}"`) as string);

  it('are declared by the services with every label the dashboard groups or filters by', () => {
    expect(exprs.length).toBeGreaterThan(10);
    for (const expr of exprs) {
      const families = [...new Set((expr.match(/\b(?:shop|rpc)_[a-z_]+\b/g) ?? []).map((m) => m.replace(/_(bucket|sum|count)$/, '')))];
      const labels = [...expr.matchAll(/by \(([^)]*)\)/g), ...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
        (m[1] ?? '').split(',').map((l) => l.trim().split(/[=!~]/)[0]?.trim() ?? '').filter(Boolean),
      );
      for (const family of families) {
        expect(declared.has(family), `${family} is not declared in packages/*/src`).toBe(true);
        for (const label of labels) expect(declared.get(family), `${family} has no label ${label}`).toContain(label);
      }
    }
  });
});
