/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- tests break objects anywhere */
import { shopProcedures } from '@shop/api-docs/procedures';
import { describe, expect, it } from 'vitest';
import { meshProceduresClosed } from '../src/code/mesh-procedures.js';
import { OVERLAYS } from '../src/overlays.js';
import { brokenCopy, render } from './support/manifests.js';

const procedures = shopProcedures();

describe('meshProcedure flags agree with the AuthorizationPolicies', () => {
  it('reads the flag from the routers: the five service-only procedures', () => {
    expect(procedures.filter((p) => p.auth === 'service').map((p) => p.path)).toEqual(['product.getMany', 'product.release', 'product.reserve', 'cart.removeOrderedFor', 'user.get']);
  });

  it.each(OVERLAYS)('%s admits service-only procedures from shop services only', async (overlay) => {
    expect(meshProceduresClosed(await render(overlay), procedures)).toEqual([]);
  });

  it('finds a gateway rule that opens product.reserve to the public', async () => {
    const objects = await brokenCopy('overlays/production', 'AuthorizationPolicy', 'product', (p) => p.spec.rules[0].to[0].operation.paths.push('/trpc/product.reserve'));
    expect(meshProceduresClosed(objects, procedures)).toEqual([
      'AuthorizationPolicy/product: spec.rules[0].to[0].operation.paths[2]: product.reserve is a meshProcedure (other services only) but this rule admits cluster.local/ns/istio-ingress/sa/istio-ingressgateway',
    ]);
  });

  it('finds a wildcard path and a rule without `from`', async () => {
    const objects = await brokenCopy('overlays/minikube', 'AuthorizationPolicy', 'user', (p) => p.spec.rules.push({ to: [{ operation: { paths: ['/trpc/user.*'] } }] }));
    expect(meshProceduresClosed(objects, procedures)).toEqual([expect.stringMatching(/^AuthorizationPolicy\/user: spec\.rules\[\d+\]\.to\[0\]\.operation\.paths\[0\]: user\.get is a meshProcedure .* admits any caller$/)]);
  });
});
