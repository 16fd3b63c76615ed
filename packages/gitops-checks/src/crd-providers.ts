// Which API groups' CRDs each pinned Helm chart installs. Charts cannot be rendered offline,
// so this table is the declared contract the wave check relies on; a chart added to gitops/
// without an entry fails the checks until someone states what it provides.
export const CHART_CRD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'https://blob.istio.io/istio-release/charts base': [
    'networking.istio.io',
    'security.istio.io',
    'telemetry.istio.io',
    'extensions.istio.io',
  ],
  'https://blob.istio.io/istio-release/charts istiod': [],
  'https://blob.istio.io/istio-release/charts gateway': [],
  'https://cloudnative-pg.github.io/charts cloudnative-pg': ['postgresql.cnpg.io'],
  'https://prometheus-community.github.io/helm-charts prometheus': [],
  'https://grafana-community.github.io/helm-charts grafana': [],
  'https://jaegertracing.github.io/helm-charts jaeger': [],
  'https://kiali.org/helm-charts kiali-server': [],
};

/** API groups every cluster serves without a CRD, plus argoproj.io (installed with Argo CD). */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'argoproj.io',
]);

export function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

export function chartKey(repoURL: string, chart: string): string {
  return `${repoURL} ${chart}`;
}
