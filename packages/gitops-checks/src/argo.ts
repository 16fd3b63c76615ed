// The parts of Argo CD's Application and AppProject that the checks and the bootstrap read.
// Full validation is argo-schema.ts; these zod shapes only give typed access after it.
import { z } from 'zod';
import type { LoadedDocument } from './repo.js';

const source = z.looseObject({
  repoURL: z.string(),
  targetRevision: z.string().optional(),
  path: z.string().optional(),
  chart: z.string().optional(),
  ref: z.string().optional(),
  helm: z
    .looseObject({
      releaseName: z.string().optional(),
      valuesObject: z.record(z.string(), z.unknown()).optional(),
      parameters: z.array(z.looseObject({ name: z.string(), value: z.string(), forceString: z.boolean().optional() })).optional(),
    })
    .optional(),
});
export type ArgoSource = z.infer<typeof source>;

const metadata = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export const applicationSchema = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('Application'),
  metadata,
  spec: z.looseObject({
    project: z.string(),
    source: source.optional(),
    sources: z.array(source).optional(),
    destination: z.looseObject({ server: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }),
    ignoreDifferences: z.array(z.looseObject({ kind: z.string(), group: z.string().optional() })).optional(),
    syncPolicy: z
      .looseObject({
        automated: z.looseObject({ prune: z.boolean().optional(), selfHeal: z.boolean().optional() }).optional(),
        syncOptions: z.array(z.string()).optional(),
      })
      .optional(),
  }),
});
export type ArgoApplication = z.infer<typeof applicationSchema>;

export const appProjectSchema = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('AppProject'),
  metadata,
  spec: z.looseObject({
    sourceRepos: z.array(z.string()).optional(),
    destinations: z.array(z.looseObject({ server: z.string().optional(), namespace: z.string().optional() })).optional(),
  }),
});
export type ArgoAppProject = z.infer<typeof appProjectSchema>;

export interface Located<T> {
  file: string;
  value: T;
}

function kindOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
}

export function applicationsIn(docs: readonly LoadedDocument[]): Located<ArgoApplication>[] {
  return docs
    .filter((d) => kindOf(d.value) === 'Application')
    .map((d) => ({ file: d.file, value: applicationSchema.parse(d.value) }));
}

export function projectsIn(docs: readonly LoadedDocument[]): Located<ArgoAppProject>[] {
  return docs
    .filter((d) => kindOf(d.value) === 'AppProject')
    .map((d) => ({ file: d.file, value: appProjectSchema.parse(d.value) }));
}

/** `source` and `sources` together: an Application may use either form. */
export function sourcesOf(app: ArgoApplication): ArgoSource[] {
  return [...(app.spec.source ? [app.spec.source] : []), ...(app.spec.sources ?? [])];
}

/** The sync wave; Argo CD's default is 0. */
export function waveOf(app: ArgoApplication): number {
  const raw = app.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0';
  const wave = Number(raw);
  if (!Number.isInteger(wave)) throw new Error(`Application ${app.metadata.name}: sync-wave "${raw}" is not an integer`);
  return wave;
}

export function syncOptionsOf(app: ArgoApplication): string[] {
  return app.spec.syncPolicy?.syncOptions ?? [];
}

/** Two spellings of one git URL (trailing slash, `.git`, host case) compare equal. */
export function sameRepo(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/+$/, '').replace(/\.git$/, '').replace(/^([a-z]+:\/\/[^/]+)/i, (h) => h.toLowerCase());
  return norm(a) === norm(b);
}
