export { argoSchemaProblems, type ArgoKind } from './argo-schema.js';
export { applicationsIn, projectsIn, sourcesOf, waveOf, syncOptionsOf, sameRepo } from './argo.js';
export type { ArgoApplication, ArgoAppProject, ArgoSource, Located } from './argo.js';
export { schemaProblems, pinProblems, argocdInstallProblems, waveProblems, projectProblems } from './checks.js';
export { loadGitops, renderRepoPaths, repoSources, ROOT_FILE, type Gitops, type RenderResult } from './gitops.js';
export { renderKustomize, groupOf, type RenderedObject } from './render.js';
export { findRepoRoot, loadGitopsDocuments, listYamlFiles, parseYamlDocuments, GITOPS_DIR } from './repo.js';
export { bootstrap, bootstrapOptions, nextCommands, repoUrlProblem, revisionProblem, rewriteYaml } from './bootstrap.js';
export { CHART_CRD_GROUPS } from './crd-providers.js';
