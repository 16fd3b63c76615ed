// The offline checks of gitops/. Each returns human-readable problems; none means it holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameRepo, sourcesOf, syncOptionsOf, waveOf, type ArgoApplication, type ArgoAppProject, type Located } from './argo.js';
import { argoSchemaProblems } from './argo-schema.js';
import { CHART_CRD_GROUPS, chartKey, isBuiltInGroup } from './crd-providers.js';
import type { RenderResult } from './gitops.js';
import { groupOf } from './render.js';
import type { LoadedDocument } from './repo.js';

/** Every Application and AppProject validates against Argo CD's schema, unknown fields rejected. */
export function schemaProblems(documents: readonly LoadedDocument[]): string[] {
  return documents.flatMap(({ file, value }) => {
    const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
    if (kind !== 'Application' && kind !== 'AppProject') return [];
    return argoSchemaProblems(kind, value).map((p) => `${file}: ${kind}: ${p}`);
  });
}

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** Helm charts are pinned to one exact version; this repository's sources follow the root. */
export function pinProblems(applications: readonly Located<ArgoApplication>[], repoURL: string, revision: string): string[] {
  return applications.flatMap(({ file, value }) =>
    sourcesOf(value).flatMap((s) => {
      const where = `${file}: Application ${value.metadata.name}`;
      if (s.chart !== undefined) {
        const problems: string[] = [];
        if (!s.targetRevision || !EXACT_SEMVER.test(s.targetRevision))
          problems.push(`${where}: chart ${s.chart} is not pinned to an exact version (targetRevision "${s.targetRevision ?? ''}")`);
        if (!(chartKey(s.repoURL, s.chart) in CHART_CRD_GROUPS))
          problems.push(`${where}: chart ${s.repoURL} ${s.chart} is not declared in crd-providers.ts`);
        return problems;
      }
      if (!sameRepo(s.repoURL, repoURL)) return [`${where}: git source ${s.repoURL} is neither this repository nor a Helm chart`];
      if (s.targetRevision !== revision)
        return [`${where}: targetRevision "${s.targetRevision ?? ''}" differs from the root's "${revision}"`];
      return [];
    }),
  );
}

/** The remote Argo CD install referenced by gitops/argocd is a release tag, not a branch. */
export function argocdInstallProblems(root: string): string[] {
  const text = readFileSync(join(root, 'gitops/argocd/kustomization.yaml'), 'utf8');
  const urls = text.match(/https:\/\/\S+install\.yaml/g) ?? [];
  if (urls.length !== 1) return [`gitops/argocd/kustomization.yaml: expected one Argo CD install.yaml, found ${urls.length}`];
  return urls.flatMap((u) => (/\/v\d+\.\d+\.\d+\/manifests\//.test(u) ? [] : [`gitops/argocd: ${u} is not pinned to a release tag`]));
}

interface WaveInput {
  applications: readonly Located<ArgoApplication>[];
  renders: readonly RenderResult[];
}

/** CRD groups each Application installs: from the chart table, or from its rendered CRDs. */
function providedGroups({ applications, renders }: WaveInput): Map<string, Set<string>> {
  const provided = new Map<string, Set<string>>();
  for (const { value } of applications) {
    const groups = new Set<string>();
    for (const s of sourcesOf(value)) if (s.chart) for (const g of CHART_CRD_GROUPS[chartKey(s.repoURL, s.chart)] ?? []) groups.add(g);
    for (const r of renders.filter((r) => r.app === value.metadata.name))
      for (const o of r.objects ?? [])
        if (o.kind === 'CustomResourceDefinition') groups.add(String((o.spec as { group?: unknown } | undefined)?.group));
    provided.set(value.metadata.name, groups);
  }
  return provided;
}

/**
 * Every custom resource an Application deploys has its CRD installed by an Application in an
 * earlier wave, and such an Application skips the dry run of resources whose CRD is not there yet.
 */
export function waveProblems(input: WaveInput): string[] {
  const provided = providedGroups(input);
  const byName = new Map(input.applications.map((a) => [a.value.metadata.name, a.value]));
  const problems: string[] = [];
  for (const r of input.renders) {
    const app = byName.get(r.app);
    if (!app) continue;
    const used = new Set((r.objects ?? []).map((o) => groupOf(o.apiVersion)).filter((g) => !isBuiltInGroup(g)));
    let usesForeignCrd = false;
    for (const group of used) {
      if (provided.get(r.app)?.has(group)) continue;
      const providers = [...provided].filter(([, groups]) => groups.has(group)).map(([name]) => name);
      if (providers.length === 0) {
        problems.push(`Application ${r.app} deploys ${group} resources but no Application installs that CRD`);
        continue;
      }
      usesForeignCrd = true;
      for (const name of providers) {
        const provider = byName.get(name);
        if (provider && waveOf(provider) >= waveOf(app))
          problems.push(
            `Application ${r.app} (wave ${waveOf(app)}) deploys ${group} resources whose CRD comes from ${name} (wave ${waveOf(provider)}): the CRD must come in an earlier wave`,
          );
      }
    }
    if (usesForeignCrd && !syncOptionsOf(app).includes('SkipDryRunOnMissingResource=true'))
      problems.push(`Application ${r.app} deploys custom resources of another Application's CRDs without SkipDryRunOnMissingResource=true`);
  }
  return problems;
}

/** Each Application's project exists and allows its sources and its destination. */
export function projectProblems(applications: readonly Located<ArgoApplication>[], projects: readonly Located<ArgoAppProject>[]): string[] {
  const byName = new Map(projects.map((p) => [p.value.metadata.name, p.value]));
  return applications.flatMap(({ file, value }) => {
    const project = byName.get(value.spec.project);
    const where = `${file}: Application ${value.metadata.name}`;
    if (!project) return [`${where}: project "${value.spec.project}" is not defined in gitops/`];
    const repos = project.spec.sourceRepos ?? [];
    if (repos.includes('*')) return [`AppProject ${project.metadata.name}: sourceRepos must be listed, not "*"`];
    const problems = sourcesOf(value)
      .filter((s) => !repos.some((r) => sameRepo(r, s.repoURL)))
      .map((s) => `${where}: source ${s.repoURL} is not in AppProject ${project.metadata.name}'s sourceRepos`);
    const ns = value.spec.destination.namespace;
    const allowed = (project.spec.destinations ?? []).some((d) => d.namespace === ns && d.namespace !== '*');
    if (!allowed) problems.push(`${where}: destination namespace ${ns ?? '(none)'} is not in AppProject ${project.metadata.name}'s destinations`);
    if (value.metadata.namespace !== 'argocd') problems.push(`${where}: Applications live in the argocd namespace`);
    return problems;
  });
}
