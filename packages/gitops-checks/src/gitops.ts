// Loads gitops/ once: every Argo CD object, the root Application, and the renders of every
// Application whose source is this repository.
import { join } from 'node:path';
import { applicationsIn, projectsIn, sameRepo, sourcesOf, type ArgoApplication, type ArgoAppProject, type Located } from './argo.js';
import { renderKustomize, type RenderedObject } from './render.js';
import { GITOPS_DIR, loadGitopsDocuments, type LoadedDocument } from './repo.js';

/** The root Application (app of apps): its repoURL and revision define "this repository". */
export const ROOT_FILE = `${GITOPS_DIR}/root.yaml`;

export interface Gitops {
  root: string;
  documents: LoadedDocument[];
  applications: Located<ArgoApplication>[];
  projects: Located<ArgoAppProject>[];
  rootApp: ArgoApplication;
  repoURL: string;
  revision: string;
}

export function loadGitops(root: string): Gitops {
  const documents = loadGitopsDocuments(root);
  const applications = applicationsIn(documents);
  const rootApps = applications.filter((a) => a.file === ROOT_FILE);
  const [rootApp] = rootApps;
  if (!rootApp || rootApps.length !== 1) throw new Error(`${ROOT_FILE} must hold exactly one Application (the root)`);
  const [source] = sourcesOf(rootApp.value);
  if (!source?.targetRevision) throw new Error(`${ROOT_FILE}: the root Application needs a source with a targetRevision`);
  return {
    root,
    documents,
    applications,
    projects: projectsIn(documents),
    rootApp: rootApp.value,
    repoURL: source.repoURL,
    revision: source.targetRevision,
  };
}

/** Applications (and the source) that deploy a path of this repository. */
export function repoSources(g: Gitops): { app: ArgoApplication; file: string; path: string | undefined }[] {
  return g.applications.flatMap(({ file, value }) =>
    sourcesOf(value)
      .filter((s) => sameRepo(s.repoURL, g.repoURL))
      .map((s) => ({ app: value, file, path: s.path })),
  );
}

export interface RenderResult {
  app: string;
  path: string;
  objects?: RenderedObject[];
  error?: string;
}

/** Renders every repository path an Application names; a missing or broken path is an error. */
export async function renderRepoPaths(g: Gitops): Promise<RenderResult[]> {
  return Promise.all(
    repoSources(g).map(async ({ app, path }): Promise<RenderResult> => {
      const name = app.metadata.name;
      if (!path) return { app: name, path: '(none)', error: `Application ${name}: a source from this repository must name a path` };
      try {
        return { app: name, path, objects: await renderKustomize(join(g.root, path)) };
      } catch (err) {
        return { app: name, path, error: `Application ${name}: path ${path}: ${(err as Error).message}` };
      }
    }),
  );
}
