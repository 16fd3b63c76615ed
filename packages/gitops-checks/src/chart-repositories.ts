// The only Helm repositories gitops/ may pull charts from. A new repository is a decision (who
// publishes it, is it the project's own home), so it is made here, not by typing a URL into an
// Application.
export const ALLOWED_CHART_REPOSITORIES: readonly string[] = [
  // Istio's Helm home from 1.31 on (istio/istio.io, 1.31 upgrade notes).
  'https://blob.istio.io/istio-release/charts',
  'https://cloudnative-pg.github.io/charts',
  'https://prometheus-community.github.io/helm-charts',
  'https://grafana-community.github.io/helm-charts',
  'https://jaegertracing.github.io/helm-charts',
  'https://kiali.org/helm-charts',
];

/** Hosts that must never serve a chart: Istio's retired GCP bucket. */
const RETIRED_HOSTS = [/(^|\.)googleapis\.com$/i, /(^|\.)gcr\.io$/i];

/** Why a chart repository may not be used, or undefined when it may. */
export function chartRepositoryProblem(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return `"${url}" is not a URL`;
  }
  if (RETIRED_HOSTS.some((h) => h.test(host)))
    return `${url} is on ${host}, which Istio no longer publishes to (its GCP-hosted artifacts are being switched off)`;
  if (!ALLOWED_CHART_REPOSITORIES.includes(url.replace(/\/+$/, ''))) return `${url} is not on the allowed list (chart-repositories.ts)`;
  return undefined;
}
