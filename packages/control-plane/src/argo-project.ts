import type { Manifest } from './kubectl.js';

// Argo CD refuses to sync an Application whose source or destination its AppProject does not
// permit, but only at sync time, in its controller: the API server stores the Application as
// valid. This rule judges it from the objects, as the controller would (glob patterns, `!` deny).

interface Destination {
  server?: string;
  name?: string;
  namespace?: string;
}
interface Project {
  kind?: string;
  metadata?: { name?: string };
  spec?: { sourceRepos?: string[]; destinations?: Destination[] };
}
interface App {
  kind?: string;
  metadata?: { name?: string };
  spec?: { project?: string; source?: { repoURL?: string }; sources?: { repoURL?: string }[]; destination?: Destination };
}

/** Argo CD's glob: `*` matches anything (also '/'), everything else literally. */
function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** Allowed unless a `!` pattern denies it; at least one positive pattern must match. */
function permitted(patterns: readonly string[], value: string): boolean {
  if (patterns.some((p) => p.startsWith('!') && glob(p.slice(1), value))) return false;
  return patterns.some((p) => !p.startsWith('!') && glob(p, value));
}

export function projectProblems(objects: readonly Manifest[]): string[] {
  const projects = new Map((objects as readonly Project[]).filter((o) => o.kind === 'AppProject').map((p) => [p.metadata?.name ?? '', p]));
  const problems: string[] = [];
  for (const a of (objects as readonly App[]).filter((o) => o.kind === 'Application')) {
    const name = a.metadata?.name ?? '';
    const projectName = a.spec?.project ?? 'default';
    const project = projects.get(projectName);
    if (!project) {
      if (projectName !== 'default') problems.push(`Application ${name}: AppProject ${projectName} does not exist`);
      continue;
    }
    for (const s of [a.spec?.source, ...(a.spec?.sources ?? [])]) {
      if (s?.repoURL !== undefined && !permitted(project.spec?.sourceRepos ?? [], s.repoURL)) problems.push(`Application ${name}: AppProject ${projectName} does not permit source ${s.repoURL}`);
    }
    const d = a.spec?.destination ?? {};
    const ok = (project.spec?.destinations ?? []).some(
      (p) =>
        (d.server === undefined || p.server === undefined || glob(p.server, d.server)) &&
        (d.name === undefined || p.name === undefined || glob(p.name, d.name)) &&
        (d.server !== undefined ? p.server !== undefined : p.name !== undefined) &&
        glob(p.namespace ?? '', d.namespace ?? ''),
    );
    if (!ok) problems.push(`Application ${name}: AppProject ${projectName} does not permit destination ${d.server ?? d.name ?? '?'} namespace ${d.namespace ?? '(none)'}`);
  }
  return problems;
}
