// What the manifests may refer to that lives outside their rendered output: the platform that
// gitops/ installs (Istio's ingress gateway, Prometheus). Keep in step with gitops/.
export interface Platform {
  /** SPIFFE-style principals (`<trust domain>/ns/<ns>/sa/<name>`) of ServiceAccounts installed elsewhere. */
  principals: string[];
  /** The mesh's trust domain. */
  trustDomain: string;
}

export const SHOP_PLATFORM: Platform = {
  principals: [
    'cluster.local/ns/istio-ingress/sa/istio-ingressgateway',
    'cluster.local/ns/observability/sa/prometheus-server',
  ],
  trustDomain: 'cluster.local',
};
