import type { Allowed } from './istioctl.js';

// Every istioctl analyze warning or error our manifests are allowed to raise, each with why.
// Anything not here fails the control-plane tests.
export const ANALYZE_ALLOWED: readonly Allowed[] = [
  {
    code: 'IST0147',
    origin: 'Pod istio-ingress/istio-ingressgateway-',
    // The gateway pod keeps `image: auto` because no istiod runs here to inject it (the webhooks
    // are stored only once every pod exists). Its Deployment does match the injector's selectors:
    // analyze would say so with IST0146 on the Deployment, and does not.
    why: 'the simulated cluster has no running injector; the Deployment-level check (IST0146) passes',
  },
];
