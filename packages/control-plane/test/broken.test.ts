import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectProblems } from '../src/argo-project.js';
import { startCluster, type Cluster } from '../src/cluster.js';
import { addNodes, applyAll, installPlatform, renderOverlay, type Platform } from '../src/deploy.js';
import { analyze, meshConfigOf } from '../src/istioctl.js';
import type { Manifest } from '../src/kubectl.js';
import { selectorProblems, waitForPlacement } from '../src/placement.js';
import { REPO_ROOT } from '../src/pins.js';
import { childApplications, kustomize } from '../src/render.js';

// Broken copies of our own manifests, each a mistake the offline rules passed: the real API
// server, scheduler or istioctl must refuse or report it, by name.

let cluster: Cluster;
let platform: Platform;
let minikube: Manifest[];
/** gitops/mesh/minikube's Telemetry, and what else gitops/ applies outside the overlays. */
let telemetry: Manifest[];
let gitopsExtras: Manifest[];

type Obj = Manifest & { metadata: { name: string; namespace?: string }; spec: Record<string, unknown> };
type PodSpec = { containers: Record<string, unknown>[]; volumes?: unknown[]; topologySpreadConstraints?: unknown[] };

function copyOf(kind: string, name: string): Obj {
  const o = minikube.find((m) => m.kind === kind && (m.metadata as { name?: string }).name === name);
  if (!o) throw new Error(`overlays/minikube has no ${kind} ${name}`);
  return structuredClone(o) as Obj;
}
function podSpec(d: Obj): PodSpec {
  return (d.spec.template as { spec: PodSpec }).spec;
}
/** A copy of the product Deployment under another name, so each case stands alone. */
function product(name: string): Obj {
  const d = copyOf('Deployment', 'product');
  d.metadata.name = name;
  return d;
}

beforeAll(async () => {
  cluster = await startCluster();
  try {
    platform = await installPlatform(cluster);
    await addNodes(cluster, [{ name: 'minikube', cpu: '3250m', memory: '8960Mi' }]);
    minikube = await renderOverlay(cluster, 'minikube');
    telemetry = await kustomize(cluster.bin, join(REPO_ROOT, 'gitops/mesh/minikube'));
    gitopsExtras = [...(await kustomize(cluster.bin, join(REPO_ROOT, 'gitops/mesh/production'))), ...(await kustomize(cluster.bin, join(REPO_ROOT, 'gitops/dashboards')))];
    await applyAll(cluster, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'observability' } }]);
    await applyAll(cluster, minikube.filter((o) => o.kind === 'Namespace'));
    // The ServiceAccounts and Services the copies refer to.
    await cluster.kubectl.applyOrThrow(minikube.filter((o) => o.kind === 'ServiceAccount' || o.kind === 'Service' || o.kind === 'ConfigMap' || o.kind === 'Secret'));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
});
afterAll(async () => cluster?.stop());

describe('the API server refuses what our schema checks passed', () => {
  const cases: [string, () => Obj, RegExp][] = [
    [
      'an unknown field deep inside an Istio VirtualService',
      () => {
        const vs = copyOf('VirtualService', 'product');
        const http = vs.spec.http as { route: { destination: Record<string, unknown> }[] }[];
        (http[0]!.route[0]!.destination).subsett = 'v1';
        return vs;
      },
      /destination\.subsett.*(unknown field|field not declared in schema)|unknown field "spec\.http\[0\]\.route\[0\]\.destination\.subsett"/,
    ],
    [
      'a memory limit below the request',
      () => {
        const d = product('limits');
        podSpec(d).containers[0]!.resources = { requests: { memory: '256Mi' }, limits: { memory: '128Mi' } };
        return d;
      },
      /must be less than or equal to memory limit/,
    ],
    [
      'a volumeMount without its volume',
      () => {
        const d = product('mount');
        podSpec(d).containers[0]!.volumeMounts = [{ name: 'scratch', mountPath: '/tmp' }];
        return d;
      },
      /volumeMounts\[0\]\.name: Not found: "scratch"/,
    ],
    [
      'a Deployment selector that does not match its template',
      () => {
        const d = product('selector');
        d.spec.selector = { matchLabels: { app: 'products' } };
        return d;
      },
      /spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
    ],
    [
      'duplicate env names',
      () => {
        const d = product('env');
        podSpec(d).containers[0]!.env = [
          { name: 'PORT', value: '3000' },
          { name: 'PORT', value: '3001' },
        ];
        return d;
      },
      /duplicate entries for key \[name="PORT"\]/,
    ],
    // What the offline schema validation (older model packages) reported, now the API server's:
    [
      'an unknown field in a CloudNativePG Cluster (the operator CRD schema)',
      () => {
        const c = copyOf('Cluster', 'order-db');
        (c.spec.bootstrap as { initdb: Record<string, unknown> }).initdb.ownr = 'order';
        return c;
      },
      /unknown field "spec\.bootstrap\.initdb\.ownr"|initdb\.ownr.*field not declared in schema/,
    ],
    [
      'a PeerAuthentication mode outside its enum',
      () => {
        const pa = copyOf('PeerAuthentication', 'default');
        (pa.spec.mtls as { mode: string }).mode = 'STRICTER';
        return pa;
      },
      /spec\.mtls\.mode: Unsupported value: "STRICTER"/,
    ],
    [
      'a replica count that is not an integer',
      () => {
        const d = product('replicas');
        d.spec.replicas = 'two';
        return d;
      },
      /spec\.replicas.*(expected numeric|cannot unmarshal string|must be of type integer)/i,
    ],
    [
      'a memory limit that is not a quantity',
      () => {
        const d = product('quantity');
        podSpec(d).containers[0]!.resources = { limits: { memory: 'lots' } };
        return d;
      },
      /quantities must match the regular expression/,
    ],
    [
      'a tracing sampling percentage above 100 in the mesh-wide Telemetry (gitops/mesh)',
      () => {
        const t = structuredClone(telemetry[0]!) as Obj;
        (t.spec.tracing as { randomSamplingPercentage?: number }[])[0]!.randomSamplingPercentage = 150;
        return t;
      },
      /randomSamplingPercentage: Invalid value: 150: spec\.tracing\[0\]\.randomSamplingPercentage in body should be less than or equal to 100/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`refuses ${what}`, async () => {
      const r = await cluster.kubectl.apply([make()]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
    });
  }

  it('accepts the unbroken copies (the cases fail for their mistake alone), and gitops/mesh and gitops/dashboards as they are', async () => {
    const r = await cluster.kubectl.apply(
      [product('unbroken'), copyOf('VirtualService', 'product'), copyOf('Cluster', 'order-db'), copyOf('PeerAuthentication', 'default'), ...telemetry, ...gitopsExtras],
      ['--dry-run=server'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('the controllers and the scheduler name what cannot be placed', () => {
  it("refuse the pods of today's production topology spread (app both in matchLabelKeys and in labelSelector), naming the Deployment", async () => {
    // The Deployment is stored: its template passes. Each pod gets matchLabelKeys merged into
    // its selector at creation, and then repeats `app`: the ReplicaSet cannot create a single one.
    const d = product('spread');
    podSpec(d).topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, matchLabelKeys: ['app', 'pod-template-hash'] },
    ];
    await cluster.kubectl.applyOrThrow([d]);
    const { problems } = await waitForPlacement(cluster.kubectl, 15_000);
    expect(problems.find((p) => p.startsWith('Deployment shop/spread:'))).toMatch(/0\/\d pods exist .*is invalid: spec\.topologySpreadConstraints\[0\].*"app": exists in both matchLabelKeys and labelSelector/);
    await cluster.kubectl.run(['delete', 'deployment', 'spread', '-n', 'shop', '--wait=false']);
  });

  it('keeps a pod that asks more CPU than the node has Pending, and names it', async () => {
    const d = product('greedy');
    d.spec.replicas = 1;
    podSpec(d).containers[0]!.resources = { requests: { cpu: '8', memory: '96Mi' } };
    await cluster.kubectl.applyOrThrow([d]);
    const { problems } = await waitForPlacement(cluster.kubectl, 15_000);
    const greedy = problems.filter((p) => p.startsWith('Pod shop/greedy-'));
    expect(greedy).toHaveLength(1);
    expect(greedy[0]).toMatch(/is not scheduled: 0\/1 nodes are available: 1 Insufficient cpu/);
    await cluster.kubectl.run(['delete', 'deployment', 'greedy', '-n', 'shop', '--wait=false']);
  });
});

describe('istioctl analyze reports what the API server stores', () => {
  it('reports a VirtualService routing to a host that does not exist', async () => {
    const vs = copyOf('VirtualService', 'product');
    vs.metadata.name = 'nowhere';
    vs.spec.hosts = ['nowhere.shop.svc.cluster.local'];
    for (const h of vs.spec.http as { route: { destination: { host: string } }[] }[]) for (const r of h.route) r.destination.host = 'nowhere.shop.svc.cluster.local';
    await cluster.kubectl.applyOrThrow([vs]);
    const messages = await analyze(cluster, meshConfigOf(platform.istiod));
    const about = messages.filter((m) => (m.origin ?? '').includes('VirtualService shop/nowhere'));
    expect(about.map((m) => m.code)).toContain('IST0101');
    expect(about.find((m) => m.code === 'IST0101')?.message).toMatch(/host.*nowhere\.shop\.svc\.cluster\.local/i);
    await cluster.kubectl.run(['delete', 'virtualservice', 'nowhere', '-n', 'shop']);
  });
});

describe('what our own cross-reference rules checked, judged by the real chain', () => {
  // Real product pods (version v1), so that what selects them is told from what selects nothing.
  beforeAll(async () => {
    await cluster.kubectl.applyOrThrow([copyOf('Deployment', 'product')]);
    const { problems } = await waitForPlacement(cluster.kubectl, 30_000);
    expect(problems.filter((p) => p.includes('shop/product'))).toEqual([]);
  });

  it('names a Service that selects no pod, an HPA whose target does not exist and a PDB that selects no pod', async () => {
    const service = copyOf('Service', 'product');
    service.metadata.name = 'nobody';
    service.spec.selector = { app: 'nobody' };
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'carts', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'carts' }, minReplicas: 1, maxReplicas: 2 } };
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'orders', namespace: 'shop' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'orders' } } } };
    await cluster.kubectl.applyOrThrow([service, hpa, pdb]);
    const problems = await selectorProblems(cluster.kubectl, ['shop']);
    expect(problems).toContain('Service shop/nobody selects no pod ({"app":"nobody"})');
    expect(problems).toContain('HorizontalPodAutoscaler shop/carts scales Deployment carts, which does not exist');
    expect(problems).toContain('PodDisruptionBudget shop/orders selects no pod');
    expect(problems.filter((p) => p.startsWith('Service shop/product '))).toEqual([]);
    await cluster.kubectl.run(['delete', 'service/nobody', 'hpa/carts', 'pdb/orders', '-n', 'shop']);
  });

  it('istioctl analyze reports missing subsets and gateways, a subset matching no pod, a wrong port and two VirtualServices for one host', async () => {
    const product = copyOf('VirtualService', 'product');
    const again = copyOf('VirtualService', 'product');
    again.metadata.name = 'product-again';
    const user = copyOf('VirtualService', 'user');
    const userRoutes = user.spec.http as { route: { destination: { subset?: string } }[] }[];
    userRoutes[0]!.route[0]!.destination.subset = 'v9';
    const dr = copyOf('DestinationRule', 'product');
    const subsets = dr.spec.subsets as { name: string; labels: Record<string, string> }[];
    subsets.push({ name: 'v3', labels: { version: 'v3' } }); // no product pod is v3
    const elsewhere = copyOf('VirtualService', 'shop-public');
    elsewhere.metadata.name = 'public-elsewhere';
    elsewhere.spec.gateways = ['shop-gw'];
    const port = copyOf('VirtualService', 'shop-public');
    port.metadata.name = 'public-port';
    (port.spec.http as { route: { destination: { port: { number: number } } }[] }[])[2]!.route[0]!.destination.port.number = 8080;
    const gateway = copyOf('Gateway', 'shop-gateway');
    gateway.metadata.name = 'egress-gateway';
    gateway.spec.selector = { istio: 'egressgateway' };
    const copies = [product, again, user, dr, elsewhere, port, gateway];
    await cluster.kubectl.applyOrThrow(copies);
    const messages = await analyze(cluster, meshConfigOf(platform.istiod));
    const about = (origin: string, code: string) => messages.filter((m) => m.code === code && (m.origin ?? '').includes(origin)).map((m) => m.message ?? '');
    expect(about('VirtualService shop/user', 'IST0101').join('\n')).toMatch(/host\+subset.*user\.shop\.svc\.cluster\.local\+v9/);
    expect(about('DestinationRule shop/product', 'IST0173').join('\n')).toMatch(/Subset v3 /);
    expect(about('DestinationRule shop/product', 'IST0173').join('\n')).not.toMatch(/Subset v1 /);
    expect(about('VirtualService shop/public-elsewhere', 'IST0101').join('\n')).toMatch(/gateway.*shop-gw/);
    expect(about('VirtualService shop/public-port', 'IST0101').join('\n')).toMatch(/host:port.*user\.shop\.svc\.cluster\.local:8080/);
    expect(about('Gateway shop/egress-gateway', 'IST0101').join('\n')).toMatch(/selector.*istio=egressgateway/);
    expect(about('VirtualService shop/product', 'IST0109').join('\n')).toMatch(/product-again/);
    // Group-qualified: `gateway` alone would name Gateway API's kind.
    await cluster.kubectl.run(['delete', ...copies.map((o) => `${String(o.kind).toLowerCase()}.${String(o.apiVersion).split('/')[0]}/${o.metadata.name}`), '-n', 'shop']);
  });
});

describe('an Application the AppProject forbids', () => {
  it('is stored by the API server but reported by our project rule', async () => {
    const apps = await childApplications(cluster.bin);
    expect(projectProblems(apps)).toEqual([]);
    const shop = structuredClone(apps.find((a) => a.kind === 'Application' && (a.metadata as { name: string }).name === 'shop')) as Obj;
    (shop.spec.destination as { namespace: string }).namespace = 'kube-system';
    shop.metadata.name = 'shop-elsewhere';
    const stored = await cluster.kubectl.apply([shop], ['--dry-run=server']);
    expect(stored.code).toBe(0);
    expect(projectProblems([...apps, shop])).toEqual(['Application shop-elsewhere: AppProject shop does not permit destination https://kubernetes.default.svc namespace kube-system']);
  });
});
