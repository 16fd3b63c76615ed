/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- tests break objects anywhere */
import { createTestDatabase } from '@shop/kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createCodeAgreement } from '../src/code/agreement.js';
import { requiredVariables } from '../src/code/bundles.js';
import type { K8sObject } from '../src/objects.js';
import { OVERLAYS } from '../src/overlays.js';
import { brokenCopy, render } from './support/manifests.js';

// The bundles run against the test run's PostgreSQL (DATABASE_URL, or the local server the kit's
// vitest preset starts): a fresh database per service run.
const agreement = createCodeAgreement({
  async database(service) {
    const db = await createTestDatabase(`manifests_${service}`);
    return { url: db.url, drop: () => db.drop() };
  },
});
afterAll(() => agreement.close());

/** A copy of the production objects with the generated ConfigMap `<prefix>-<hash>` changed. */
async function withConfigMap(prefix: string, change: (data: Record<string, string>) => void): Promise<K8sObject[]> {
  const copy = structuredClone(await render('overlays/production'));
  const map = copy.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${prefix}-`));
  if (!map?.data) throw new Error(`no ConfigMap ${prefix}`);
  change(map.data);
  return copy;
}

describe('the manifests agree with the code', () => {
  it('discovers the variables each service requires from its own start-up error', async () => {
    expect(await requiredVariables('product')).toEqual([]);
    expect((await requiredVariables('cart')).sort()).toEqual(['PRODUCT_SERVICE_URL', 'USER_SERVICE_URL']);
    expect((await requiredVariables('order')).sort()).toEqual(['CART_SERVICE_URL', 'PRODUCT_SERVICE_URL', 'USER_SERVICE_URL']);
  });

  it.each(OVERLAYS)('%s: every probe, port, metrics path, routed and authorized procedure is served by the started bundle', async (overlay) => {
    expect(await agreement.check(await render(overlay))).toEqual([]);
  });

  type Case = [string, () => Promise<K8sObject[]>, string];
  const deployment = (name: string, breakIt: (d: any) => void) => () => brokenCopy('overlays/production', 'Deployment', name, breakIt);
  const cases: Case[] = [
    ['a probe path the service does not serve', deployment('cart', (d) => (d.spec.template.spec.containers[0].readinessProbe.httpGet.path = '/ready')),
      'Deployment/cart: spec.template.spec.containers[0].readinessProbe.httpGet.path: GET /ready on cart answered 404'],
    ['a container port the service does not listen on', deployment('user', (d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 8081)),
      'Deployment/user: spec.template.spec.containers[0].ports[0].containerPort: 8081 is not where user listens (PORT=8080)'],
    ['a metrics path the service does not serve', deployment('order', (d) => (d.spec.template.metadata.annotations['prometheus.io/path'] = '/metric')),
      'Deployment/order: spec.template.metadata.annotations["prometheus.io/path"]: GET /metric on order answered 404'],
    ['a grace period shorter than the shutdown', deployment('product', (d) => (d.spec.template.spec.terminationGracePeriodSeconds = 10)),
      'Deployment/product: spec.template.spec.terminationGracePeriodSeconds: 10 s leaves no room for the preStop pause and SHUTDOWN_TIMEOUT_MS=20000'],
    ['a variable the service requires, missing', () => withConfigMap('cart-config', (data) => delete data.USER_SERVICE_URL),
      'Deployment/cart: spec.template.spec.containers[0].env: USER_SERVICE_URL is required by the cart service but is not set'],
    ['a variable every pod must set, missing', deployment('order', (d) => (d.spec.template.spec.containers[0].env = d.spec.template.spec.containers[0].env.filter((e: any) => e.name !== 'SERVICE_VERSION'))),
      'Deployment/order: spec.template.spec.containers[0].env: SERVICE_VERSION is required by the order service but is not set'],
    ['a value the service rejects', () => withConfigMap('shop-config', (data) => (data.LOG_LEVEL = 'loud')),
      'Deployment/product: spec.template.spec.containers[0].env: product does not start with this environment: invalid environment for product: LOG_LEVEL'],
    ['a storefront probe path it does not serve', deployment('storefront', (d) => (d.spec.template.spec.containers[0].readinessProbe.httpGet.path = '/ready')),
      'Deployment/storefront: spec.template.spec.containers[0].readinessProbe.httpGet.path: GET /ready on storefront answered 404'],
    ['a storefront port it does not listen on', deployment('storefront', (d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 3000)),
      'Deployment/storefront: spec.template.spec.containers[0].ports[0].containerPort: 3000 is not where storefront listens (PORT=8080)'],
    ['a storefront value it rejects', () => withConfigMap('storefront-config', (data) => (data.LOG_LEVEL = 'loud')),
      'Deployment/storefront: spec.template.spec.containers[0].env: storefront does not start with this environment: storefront: invalid environment: LOG_LEVEL'],
    ['an authorized procedure that does not exist', () => brokenCopy('overlays/production', 'AuthorizationPolicy', 'product', (p) => (p.spec.rules[0].to[0].operation.paths[0] = '/trpc/product.lst')),
      'AuthorizationPolicy/product: spec.rules[0].to[0].operation.paths[0]: product serves no /trpc/product.lst (404)'],
    ['an authorized method the procedure does not take', () => brokenCopy('overlays/production', 'AuthorizationPolicy', 'user', (p) => (p.spec.rules[0].to[1].operation.methods = ['POST'])),
      'AuthorizationPolicy/user: spec.rules[0].to[1].operation.methods: user does not accept POST on /trpc/user.me (405)'],
    ['a routed prefix no procedure has', () => brokenCopy('overlays/production', 'VirtualService', 'shop-public', (v) => (v.spec.http[1].match[0].uri = { prefix: '/trpc/carts.' })),
      'VirtualService/shop-public: spec.http[1].match[0].uri.prefix: no procedure of cart starts with /trpc/carts.'],
    ['a routed exact path the service does not serve', () => brokenCopy('overlays/production', 'VirtualService', 'shop-public', (v) => (v.spec.http[2].match[3].uri.exact = '/.well-known/jwks')),
      'VirtualService/shop-public: spec.http[2].match[3].uri.exact: user serves no /.well-known/jwks (404)'],
  ];

  it.each(cases)('fails on %s, naming the object and the field', async (_what, broken, message) => {
    const found = await agreement.check(await broken());
    expect(found.some((m) => m.startsWith(message)), found.join('\n')).toBe(true);
  });
});
