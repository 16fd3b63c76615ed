import { describe, expect, it } from 'vitest';
import { OVERLAYS } from '../src/overlays.js';
import { render } from './support/manifests.js';

// The API server still serves Istio's v1beta1 and v1alpha3 and stores them without a word, so
// which version we write is ours to check. (Field and schema validation is the real API server's:
// packages/control-plane applies every object with strict field validation.)
describe('API versions', () => {
  // The Istio APIs we write are v1 (networking, security, telemetry), the stable versions since 1.22.
  it.each(OVERLAYS)('every Istio object of %s is at v1', async (overlay) => {
    const istio = (await render(overlay)).filter((o) => o.apiVersion.includes('.istio.io/'));
    expect(istio.length).toBeGreaterThan(10);
    expect(istio.filter((o) => !o.apiVersion.endsWith('/v1')).map((o) => `${o.kind}/${o.metadata.name} ${o.apiVersion}`)).toEqual([]);
  });
});
