// gitops/apps/charts.lock.yaml: every pinned version with where and when it was verified upstream.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { sourcesOf, type ArgoApplication, type Located } from './argo.js';
import { chartRepositoryProblem } from './chart-repositories.js';

export const LOCK_FILE = 'gitops/apps/charts.lock.yaml';

const verified = z.iso.date();
const evidence = {
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a chart digest is sha256:<64 hex>').optional(),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'a tag commit is 40 hex digits').optional(),
  releaseNote: z.string().min(1).optional(),
  source: z.string().min(1),
  verified,
};
const hasEvidence = (e: { digest?: string; commit?: string; releaseNote?: string }) => Boolean(e.digest ?? e.commit ?? e.releaseNote);

const chartEntry = z
  .strictObject({ chart: z.string().min(1), repository: z.url(), version: z.string().regex(/^\d+\.\d+\.\d+$/), ...evidence })
  .refine(hasEvidence, 'an entry needs a digest, a tag commit or a release note');

export const chartLockSchema = z.strictObject({
  charts: z.array(chartEntry).min(1),
  argocd: z.strictObject({ version: z.string().regex(/^v\d+\.\d+\.\d+$/), ...evidence }).refine(hasEvidence, 'argocd needs a tag commit or a release note'),
  istioModule: z.strictObject({
    path: z.literal('istio.io/istio'),
    version: z.string().regex(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/),
    sum: z.string().startsWith('h1:'),
    line: z.string().regex(/^\d+\.\d+$/),
    verified,
  }),
});
export type ChartLock = z.infer<typeof chartLockSchema>;
export type ChartLockEntry = ChartLock['charts'][number];

export function loadChartLock(root: string): ChartLock {
  const file = join(root, LOCK_FILE);
  const parsed = chartLockSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${LOCK_FILE}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const same = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * Every Helm source is on an allowed repository and matches a lock entry (repository, chart,
 * version); every lock entry is used; the Istio charts agree on one version.
 */
export function lockProblems(applications: readonly Located<ArgoApplication>[], lock: ChartLock): string[] {
  const problems: string[] = [];
  const used = new Set<ChartLockEntry>();
  for (const { file, value } of applications)
    for (const s of sourcesOf(value).filter((s) => s.chart !== undefined)) {
      const where = `${file}: Application ${value.metadata.name}: chart ${s.chart ?? ''} ${s.targetRevision ?? ''}`;
      const repoProblem = chartRepositoryProblem(s.repoURL);
      if (repoProblem) problems.push(`${where}: ${repoProblem}`);
      const entry = lock.charts.find((e) => same(e.repository, s.repoURL) && e.chart === s.chart);
      if (!entry) problems.push(`${where}: no entry for ${s.repoURL} ${s.chart ?? ''} in ${LOCK_FILE}`);
      else if (entry.version !== s.targetRevision)
        problems.push(`${where}: ${LOCK_FILE} verified ${entry.version}, not ${s.targetRevision ?? '(none)'}`);
      else used.add(entry);
    }
  for (const e of lock.charts) {
    const repoProblem = chartRepositoryProblem(e.repository);
    if (repoProblem) problems.push(`${LOCK_FILE}: ${e.chart}: ${repoProblem}`);
    if (!used.has(e)) problems.push(`${LOCK_FILE}: ${e.repository} ${e.chart} ${e.version} is pinned by no Application`);
  }
  const istio = new Set(lock.charts.filter((e) => ['base', 'istiod', 'gateway'].includes(e.chart) && e.repository.includes('istio')).map((e) => e.version));
  if (istio.size > 1) problems.push(`${LOCK_FILE}: the Istio charts pin different versions (${[...istio].join(', ')})`);
  if ([...istio].some((v) => !v.startsWith(`${lock.istioModule.line}.`)))
    problems.push(`${LOCK_FILE}: istioModule renders the ${lock.istioModule.line} line, the charts pin ${[...istio].join(', ')}`);
  return problems;
}

/** The Argo CD install in gitops/argocd is the locked release tag. */
export function argocdLockProblems(root: string, lock: ChartLock): string[] {
  const text = readFileSync(join(root, 'gitops/argocd/kustomization.yaml'), 'utf8');
  const tags = [...text.matchAll(/argoproj\/argo-cd\/(v[^/]+)\/manifests\/install\.yaml/g)].map((m) => m[1]);
  if (tags.length !== 1) return [`gitops/argocd/kustomization.yaml: expected one Argo CD install.yaml, found ${tags.length}`];
  return tags[0] === lock.argocd.version ? [] : [`gitops/argocd installs Argo CD ${tags[0] ?? ''}, ${LOCK_FILE} verified ${lock.argocd.version}`];
}
