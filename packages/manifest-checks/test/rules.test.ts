/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access -- tests break objects anywhere */
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../src/check.js';
import { OVERLAYS } from '../src/overlays.js';
import { SHOP_PLATFORM } from '../src/platform.js';
import { RULES, rules, type Rule } from '../src/rules/index.js';
import { brokenCopy, render } from './support/manifests.js';

const { routeTimeoutsCoverCalls, meshBehaviourSafe, meshHostsExist, podReferencesExist, podsLabelled, portsNamed, principalsExist, serviceTargetPortsExist, podsHardened, nodeHeapFitsMemory } = rules;

describe('cross-references', () => {
  it.each(OVERLAYS)('%s passes every rule', async (overlay) => {
    expect(checkManifests(await render(overlay))).toEqual([]);
  });

  type Case = [Rule, string, string, (o: any) => void, string];
  const cases: Case[] = [
    [serviceTargetPortsExist, 'Service', 'user', (s) => (s.spec.ports[0].targetPort = 'web'), 'Service/user: spec.ports[0].targetPort: web is not a container port'],
    [meshHostsExist, 'VirtualService', 'cart', (v) => (v.spec.hosts = ['carts']), 'VirtualService/cart: spec.hosts[0]: "carts" is not a Service'],
    [meshBehaviourSafe, 'PeerAuthentication', 'default', (p) => (p.spec.mtls.mode = 'PERMISSIVE'), 'PeerAuthentication/default: spec.mtls.mode: PERMISSIVE lets plain text in'],
    [meshBehaviourSafe, 'DestinationRule', 'user', (d) => (d.spec.trafficPolicy.tls = { mode: 'DISABLE' }), 'DestinationRule/user: spec.trafficPolicy.tls.mode: DISABLE sends plain text'],
    [meshBehaviourSafe, 'DestinationRule', 'order', (d) => (d.spec.trafficPolicy.outlierDetection = { consecutive5xxErrors: 0 }), 'DestinationRule/order: spec.trafficPolicy.outlierDetection: ejects nothing'],
    [meshBehaviourSafe, 'DestinationRule', 'product', (d) => delete d.spec.trafficPolicy.outlierDetection, 'DestinationRule/product: spec.trafficPolicy.outlierDetection: is not set'],
    [meshBehaviourSafe, 'VirtualService', 'cart', (v) => (v.spec.http[1].retries.retryOn = 'connect-failure,5xx'), 'VirtualService/cart: spec.http[1].retries.retryOn: 5xx may repeat a request the app already ran'],
    [meshBehaviourSafe, 'VirtualService', 'product', (v) => (v.spec.http[0].match[0].method.exact = 'get'), 'VirtualService/product: spec.http[0].match[0].method.exact: "get" never matches'],
    [routeTimeoutsCoverCalls, 'VirtualService', 'cart', (v) => (v.spec.http[1].timeout = '2s'), "VirtualService/cart: spec.http[1].timeout: 2s is below order's CALL_TIMEOUT_MS of 3000 ms"],
    [meshHostsExist, 'DestinationRule', 'cart', (d) => (d.spec.host = 'carts'), 'DestinationRule/cart: spec.host: "carts" is not a Service'],
    [principalsExist, 'AuthorizationPolicy', 'product', (p) => (p.spec.rules[1].from[0].source.principals = ['cluster.local/ns/shop/sa/carts']), 'AuthorizationPolicy/product: spec.rules[1].from[0].source.principals[0]: "cluster.local/ns/shop/sa/carts" is not a ServiceAccount'],
    [principalsExist, 'AuthorizationPolicy', 'order', (p) => (p.spec.selector.matchLabels.app = 'orders'), 'AuthorizationPolicy/order: spec.selector.matchLabels: {"app":"orders"} selects no pod template'],
    [portsNamed, 'Service', 'product', (s) => (s.spec.ports[0].name = 'web'), 'Service/product: spec.ports[0].name: "web" does not start with an Istio protocol'],
    [portsNamed, 'Service', 'order', (s) => delete s.spec.ports[0].appProtocol, 'Service/order: spec.ports[0].appProtocol: is not set'],
    [portsNamed, 'Deployment', 'cart', (d) => delete d.spec.template.spec.containers[0].ports[0].name, 'Deployment/cart: spec.template.spec.containers[0].ports[0].name: "" does not start with an Istio protocol'],
    [podsLabelled, 'Deployment', 'user', (d) => delete d.spec.template.metadata.labels.version, 'Deployment/user: spec.template.metadata.labels.version: is missing'],
    [podReferencesExist, 'Deployment', 'order', (d) => (d.spec.template.spec.containers[0].envFrom[1].configMapRef.name = 'order-settings'), 'Deployment/order: spec.template.spec.containers[0].envFrom[1].configMapRef.name: ConfigMap "order-settings" does not exist'],
    [podReferencesExist, 'Deployment', 'cart', (d) => (d.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name = 'cart-database'), 'Deployment/cart: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: Secret "cart-database" does not exist'],
    [podReferencesExist, 'Deployment', 'product', (d) => (d.spec.template.spec.serviceAccountName = 'default-sa'), 'Deployment/product: spec.template.spec.serviceAccountName: ServiceAccount "default-sa" does not exist'],
    [podsHardened, 'Deployment', 'cart', (d) => (d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false), 'Deployment/cart: spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: must be true'],
    [podsHardened, 'Deployment', 'user', (d) => (d.spec.template.spec.containers[0].securityContext.capabilities.drop = ['NET_RAW']), 'Deployment/user: spec.template.spec.containers[0].securityContext.capabilities.drop: must include ALL'],
    [podsHardened, 'Deployment', 'order', (d) => { delete d.spec.template.spec.securityContext.runAsNonRoot; delete d.spec.template.spec.containers[0].securityContext.runAsNonRoot; }, 'Deployment/order: spec.template.spec.containers[0].securityContext.runAsNonRoot: must be true'],
    [podsHardened, 'Deployment', 'product', (d) => delete d.spec.template.spec.containers[0].resources.limits.memory, 'Deployment/product: spec.template.spec.containers[0].resources.limits.memory: is not set'],
    [podsHardened, 'Deployment', 'product-v2', (d) => delete d.spec.template.metadata.annotations['proxy.istio.io/config'], 'Deployment/product-v2: spec.template.metadata.annotations["proxy.istio.io/config"]: must hold the app'],
    [nodeHeapFitsMemory, 'Deployment', 'cart', (d) => (d.spec.template.spec.containers[0].resources.limits.memory = '192Mi'), 'Deployment/cart: spec.template.spec.containers[0].env: NODE_OPTIONS --max-old-space-size=192 is above 75 % of the 192Mi memory limit'],
    [nodeHeapFitsMemory, 'Deployment', 'user', (d) => (d.spec.template.spec.containers[0].env = [{ name: 'NODE_OPTIONS', value: '--enable-source-maps' }]), 'Deployment/user: spec.template.spec.containers[0].env: NODE_OPTIONS does not set --max-old-space-size'],
  ];

  it.each(cases.map((c) => [c[0].name, `${c[1]}/${c[2]}`, ...c] as const))('%s: a broken %s fails it', async (_n, _w, rule, kind, name, breakIt, message) => {
    const objects = await brokenCopy('overlays/production', kind, name, breakIt);
    const found = rule.check(objects, SHOP_PLATFORM);
    expect(found.some((m) => m.startsWith(message)), found.join('\n')).toBe(true);
  });

  it('covers every rule with a broken copy', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(RULES));
  });
});
