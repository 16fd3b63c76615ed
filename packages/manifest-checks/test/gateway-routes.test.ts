/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment -- tests break objects anywhere */
import { shopProcedures } from '@shop/api-docs/procedures';
import { describe, expect, it } from 'vitest';
import { gatewayRoutesClosed } from '../src/code/gateway-routes.js';
import { OVERLAYS } from '../src/overlays.js';
import { brokenCopy, render } from './support/manifests.js';

const procedures = shopProcedures();

describe('the public gateway forwards only what the storefront and the typed clients send', () => {
  it.each(OVERLAYS)('%s: no mesh procedure, wrong method, batch or unknown path is forwarded', async (overlay) => {
    expect(gatewayRoutesClosed(await render(overlay), procedures)).toEqual([]);
  });

  it('finds a route that admits a meshProcedure (cart.removeOrderedFor) by its exact path', async () => {
    const objects = await brokenCopy('overlays/production', 'VirtualService', 'shop-public', (vs) =>
      vs.spec.http[1].match.push({ uri: { exact: '/trpc/cart.removeOrderedFor' } }),
    );
    expect(gatewayRoutesClosed(objects, procedures)).toEqual([
      'VirtualService/shop-public: spec.http[1].match[5]: forwards GET and POST /trpc/cart.removeOrderedFor to cart, but cart.removeOrderedFor is a meshProcedure (other services only)',
    ]);
  });

  it('finds the old per-service prefix: mesh procedures, queries by POST and batches get through', async () => {
    const objects = await brokenCopy('overlays/minikube', 'VirtualService', 'shop-public', (vs) => (vs.spec.http[0].match = [{ uri: { prefix: '/trpc/product.' } }]));
    const found = gatewayRoutesClosed(objects, procedures);
    expect(found).toEqual(
      expect.arrayContaining([
        'VirtualService/shop-public: spec.http[0].match[0]: forwards GET and POST /trpc/product.reserve to product, but product.reserve is a meshProcedure (other services only)',
        'VirtualService/shop-public: spec.http[0].match[0]: forwards POST /trpc/product.list to product, but product.list is a query, sent with GET only',
        'VirtualService/shop-public: spec.http[0].match[0]: forwards GET /trpc/product.get,product.get to product, but a tRPC batch, which neither the storefront nor the typed clients send',
      ]),
    );
    expect(found.every((f) => f.includes('/trpc/product.'))).toBe(true);
  });

  it('finds a loose regex, and the storefront catching `/trpc/` once the 404 route is gone', async () => {
    const objects = await brokenCopy('overlays/production', 'VirtualService', 'shop-public', (vs) => {
      vs.spec.http[2].match = [{ uri: { regex: '/trpc/user\\.(login|register).*' }, method: { exact: 'POST' } }];
      vs.spec.http = vs.spec.http.filter((r: { name: string }) => r.name !== 'unrouted-procedures');
    });
    const found = gatewayRoutesClosed(objects, procedures);
    expect(found).toContain('VirtualService/shop-public: spec.http[2].match[0]: forwards POST /trpc/user.login,user.login to user, but a tRPC batch, which neither the storefront nor the typed clients send');
    expect(found).toContain('VirtualService/shop-public: spec.http[4].match[0]: forwards GET and POST /trpc/no.such to storefront, but no procedure of any router');
    expect(found).toContain('VirtualService/shop-public: spec.http[4].match[0]: forwards GET and POST /trpc/user.get to storefront, but user.get is a meshProcedure (other services only)');
  });
});
