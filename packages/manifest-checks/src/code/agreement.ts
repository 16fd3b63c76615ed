// The manifests agree with the code: each service's bundle is started with the environment its
// Deployment gives it, then asked for every probe path, port, metrics path and procedure that the
// Deployment, the AuthorizationPolicies and the VirtualServices name; no policy opens a meshProcedure
// (flagged `service` in the routers) to callers other than the shop's services; and the public gateway
// forwards only the procedures the public sends, by their method, unbatched.
import { finding, namespaceOf, ofKind, podTemplates, selects, type Container, type K8sObject, type PodTemplate } from '../objects.js';
import { destinations, serviceForHost, type VirtualServiceSpec } from '../rules/hosts.js';
import { requiredVariables, serviceOfImage, startBundle, type RunningBundle, type ShopService } from './bundles.js';
import { gatewayRoutesClosed } from './gateway-routes.js';
import { meshProceduresClosed } from './mesh-procedures.js';
import { resolveEnv } from './pod-env.js';
import { shopProcedures } from '@shop/api-docs/procedures';
import { STOREFRONT, STOREFRONT_REQUIRED_VARIABLES, isStorefrontImage, startStorefrontBundle } from './storefront-bundle.js';

/** A shop service, or the storefront (a web workload: no database, no tRPC router of its own). */
type WorkloadName = ShopService | typeof STOREFRONT;

/** Set in every pod whatever the kit's defaults: where it listens, its database, its identity in traces. */
export const POD_REQUIRED_VARIABLES = ['PORT', 'HOST', 'DATABASE_URL', 'SERVICE_VERSION', 'OTEL_SERVICE_NAME', 'OTEL_EXPORTER_OTLP_ENDPOINT'];

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface AgreementOptions {
  /** A fresh PostgreSQL database for one run of a service (bundles carry no embedded database). */
  database(service: ShopService): Promise<TestDatabase>;
}

export interface CodeAgreement {
  check(objects: readonly K8sObject[]): Promise<string[]>;
  /** Stops every service started and drops their databases. */
  close(): Promise<void>;
}

const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;

async function request(base: string, method: string, path: string): Promise<number> {
  const post = method !== 'GET' && method !== 'HEAD';
  // A JSON string is no procedure's input: a mutation answers 400 or 401 and changes nothing.
  const res = await fetch(`${base}${path}`, {
    method,
    headers: post ? { 'content-type': 'application/json' } : {},
    body: post ? '"manifest-check"' : undefined,
    signal: AbortSignal.timeout(5_000),
  });
  await res.arrayBuffer();
  return res.status;
}

interface Workload {
  pod: PodTemplate;
  container: Container;
  index: number;
  service: WorkloadName;
}

function workloads(objects: readonly K8sObject[]): Workload[] {
  return podTemplates(objects).flatMap((pod) =>
    pod.spec.containers.flatMap((container, index) => {
      const service = serviceOfImage(container.image) ?? (isStorefrontImage(container.image) ? STOREFRONT : undefined);
      return service ? [{ pod, container, index, service }] : [];
    }),
  );
}

export function createCodeAgreement(options: AgreementOptions): CodeAgreement {
  const required = new Map<ShopService, Promise<string[]>>();
  const running = new Map<string, Promise<{ bundle?: RunningBundle; db?: TestDatabase; error?: string }>>();

  /** One process per service and environment, shared by every check that needs the same one. */
  function run(service: WorkloadName, env: Record<string, string>) {
    const key = `${service} ${JSON.stringify(Object.entries(env).sort())}`;
    let started = running.get(key);
    if (!started) {
      started = (async () => {
        const db = service === STOREFRONT ? undefined : await options.database(service);
        try {
          const bundle = service === STOREFRONT ? await startStorefrontBundle(env) : await startBundle(service, { ...env, DATABASE_URL: db?.url ?? '' });
          return { db, bundle };
        } catch (err) {
          const lines = (err as Error).message.split('\n').filter((l) => l.trim() !== '');
          const reason = lines.find((l) => /invalid environment|failed to start/.test(l)) ?? lines.slice(-3).join(' ');
          return { db, error: reason.slice(0, 400) };
        }
      })();
      running.set(key, started);
    }
    return started;
  }

  async function checkWorkload(objects: readonly K8sObject[], w: Workload): Promise<string[]> {
    const out: string[] = [];
    const { pod, container, service } = w;
    const base = `spec.template.spec.containers[${w.index}]`;
    const env = resolveEnv(objects, pod, container);
    let wanted = new Set(STOREFRONT_REQUIRED_VARIABLES);
    if (service !== STOREFRONT) {
      if (!required.has(service)) required.set(service, requiredVariables(service));
      wanted = new Set([...POD_REQUIRED_VARIABLES, ...(await (required.get(service) as Promise<string[]>))]);
    }
    const missing = [...wanted].filter((name) => !env.values.has(name));
    for (const name of missing) out.push(finding(pod.owner, `${base}.env`, `${name} is required by the ${service} service but is not set (env or envFrom)`));
    for (const name of env.unresolved) out.push(finding(pod.owner, `${base}.env`, `${name} does not resolve to a ConfigMap value`));

    // SIGTERM comes after the preStop pause (5 s); the kit then needs up to SHUTDOWN_TIMEOUT_MS.
    const shutdownMs = Number(env.values.get('SHUTDOWN_TIMEOUT_MS') ?? 20_000);
    const grace = (pod.spec.terminationGracePeriodSeconds as number | undefined) ?? 30;
    if (grace * 1000 < shutdownMs + 5_000) out.push(finding(pod.owner, 'spec.template.spec.terminationGracePeriodSeconds', `${grace} s leaves no room for the preStop pause and SHUTDOWN_TIMEOUT_MS=${shutdownMs}`));

    const port = env.values.get('PORT');
    (container.ports ?? []).forEach((p, j) => {
      if (String(p.containerPort) !== port) out.push(finding(pod.owner, `${base}.ports[${j}].containerPort`, `${p.containerPort} is not where ${service} listens (PORT=${port ?? 'unset'})`));
    });
    if (missing.length > 0) return out;

    // Run with the Deployment's own values; only the address, the database and the exporter are local.
    const runEnv: Record<string, string> = { OTEL_SDK_DISABLED: 'true' };
    for (const [k, v] of env.values) if (v !== undefined && k !== 'PORT' && k !== 'HOST') runEnv[k] = v;
    const started = await run(service, runEnv);
    if (!started.bundle) {
      out.push(finding(pod.owner, `${base}.env`, `${service} does not start with this environment: ${started.error ?? 'unknown error'}`));
      return out;
    }
    const url = started.bundle.process.url;

    for (const probe of PROBES) {
      const http = container[probe]?.httpGet;
      if (!http) continue;
      const target = (container.ports ?? []).find((p) => p.name === http.port || p.containerPort === http.port);
      if (!target || String(target.containerPort) !== port) out.push(finding(pod.owner, `${base}.${probe}.httpGet.port`, `${String(http.port)} is not the port ${service} listens on (${port ?? 'unset'})`));
      const status = await request(url, 'GET', http.path ?? '/');
      if (status !== 200) out.push(finding(pod.owner, `${base}.${probe}.httpGet.path`, `GET ${http.path ?? '/'} on ${service} answered ${status}, not 200`));
    }
    const metricsPath = pod.annotations['prometheus.io/path'];
    if (pod.annotations['prometheus.io/scrape'] === 'true') {
      const status = await request(url, 'GET', metricsPath ?? '/metrics');
      if (status !== 200) out.push(finding(pod.owner, 'spec.template.metadata.annotations["prometheus.io/path"]', `GET ${metricsPath ?? '/metrics'} on ${service} answered ${status}, not 200`));
      const metricsPort = pod.annotations['prometheus.io/port'];
      if (metricsPort !== undefined && metricsPort !== port) out.push(finding(pod.owner, 'spec.template.metadata.annotations["prometheus.io/port"]', `${metricsPort} is not where ${service} listens (${port ?? 'unset'})`));
    }
    out.push(...(await checkRoutes(objects, pod, service, url)));
    return out;
  }

  /** Procedures and paths named by policies and routes that reach this pod exist on its service. */
  async function checkRoutes(objects: readonly K8sObject[], pod: PodTemplate, service: WorkloadName, url: string): Promise<string[]> {
    const out: string[] = [];
    const ns = namespaceOf(pod.owner);
    const served: string[] = [];
    for (const policy of ofKind(objects, 'AuthorizationPolicy')) {
      const spec = (policy.spec ?? {}) as { selector?: { matchLabels?: Record<string, string> }; rules?: { to?: { operation?: { methods?: string[]; paths?: string[] } }[] }[] };
      if (namespaceOf(policy) !== ns || !selects(spec.selector?.matchLabels, pod.labels)) continue;
      for (const [i, rule] of (spec.rules ?? []).entries()) {
        for (const [j, to] of (rule.to ?? []).entries()) {
          const methods = to.operation?.methods ?? ['GET', 'POST'];
          for (const [k, path] of (to.operation?.paths ?? []).entries()) {
            if (path.includes('*')) continue;
            const statuses = await Promise.all(methods.map((m) => request(url, m, path)));
            if (statuses.every((s) => s === 404)) out.push(finding(policy, `spec.rules[${i}].to[${j}].operation.paths[${k}]`, `${service} serves no ${path} (404)`));
            else served.push(path);
            statuses.forEach((s, m) => {
              if (s === 405) out.push(finding(policy, `spec.rules[${i}].to[${j}].operation.methods`, `${service} does not accept ${methods[m]} on ${path} (405)`));
            });
          }
        }
      }
    }
    const exacts: { vs: K8sObject; field: string; path: string; methods: string[] }[] = [];
    for (const vs of ofKind(objects, 'VirtualService')) {
      const spec = (vs.spec ?? {}) as VirtualServiceSpec;
      (spec.http ?? []).forEach((route, i) => {
        const reachesPod = destinations({ ...vs, spec: { http: [route] } }).some(({ destination }) => {
          const target = serviceForHost(objects, destination.host, namespaceOf(vs));
          return target !== undefined && selects((target.spec as { selector?: Record<string, string> }).selector, pod.labels);
        });
        if (!reachesPod) return;
        (route.match ?? []).forEach((match, j) => {
          const { exact, prefix } = match.uri ?? {};
          if (exact !== undefined) {
            const methods = match.method?.exact ? [match.method.exact] : ['GET', 'POST'];
            exacts.push({ vs, field: `spec.http[${i}].match[${j}].uri.exact`, path: exact, methods });
          } else if (prefix?.startsWith('/trpc/') && !served.some((p) => p.startsWith(prefix))) {
            out.push(finding(vs, `spec.http[${i}].match[${j}].uri.prefix`, `no procedure of ${service} starts with ${prefix}`));
          } else if (prefix !== undefined && !prefix.startsWith('/trpc/')) {
            // A page prefix (the storefront's `/`): the prefix itself must be served.
            exacts.push({ vs, field: `spec.http[${i}].match[${j}].uri.prefix`, path: prefix, methods: match.method?.exact ? [match.method.exact] : ['GET'] });
          }
        });
      });
    }
    for (const { vs, field, path, methods } of exacts) {
      const statuses = await Promise.all(methods.map((m) => request(url, m, path)));
      if (statuses.every((s) => s === 404)) out.push(finding(vs, field, `${service} serves no ${path} (404)`));
    }
    return out;
  }

  return {
    async check(objects) {
      const procedures = shopProcedures();
      const results: string[] = [...meshProceduresClosed(objects, procedures), ...gatewayRoutesClosed(objects, procedures)];
      for (const w of workloads(objects)) results.push(...(await checkWorkload(objects, w)));
      return [...new Set(results)];
    },
    async close() {
      const all = await Promise.all(running.values());
      running.clear();
      await Promise.all(all.map(async (r) => {
        await r.bundle?.stop();
        await r.db?.drop();
      }));
    },
  };
}
