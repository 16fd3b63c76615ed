// `pnpm gitops:bootstrap -- --repo <git url> [--revision <branch>]`: points every Argo CD
// object in gitops/ at a fork. It rewrites, in place and byte for byte elsewhere, the repoURL
// (and targetRevision) of every source that points at this repository and the matching entry
// of the AppProject's sourceRepos; chart sources and everything else stay untouched.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { sameRepo } from './argo.js';
import { loadGitops } from './gitops.js';
import { GITOPS_DIR, listYamlFiles } from './repo.js';

const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const REPO_PATH = /^\/?[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*\/?$/;

/** Why a git URL cannot be used, or undefined when it can (https or ssh, no credentials). */
export function repoUrlProblem(url: string): string | undefined {
  if (url.trim() !== url || /\s/.test(url)) return 'it contains whitespace';
  const scp = /^([A-Za-z0-9._-]+)@([^:/]+):(.+)$/.exec(url);
  if (scp && !url.includes('://')) {
    const [, , host = '', path = ''] = scp;
    if (!HOST.test(host)) return `"${host}" is not a host name`;
    if (!REPO_PATH.test(path) || path.startsWith('/')) return `"${path}" is not a repository path (expected owner/name.git)`;
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is neither an https:// URL, an ssh:// URL nor an scp-like git@host:owner/repo.git';
  }
  if (parsed.protocol === 'http:') return 'plain http is not accepted: use https:// (or ssh)';
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'ssh:') return `the ${parsed.protocol} scheme is not supported: use https:// or ssh`;
  if (parsed.password || (parsed.protocol === 'https:' && parsed.username))
    return 'it embeds credentials: keep them out of git and give them to Argo CD with `argocd repo add`';
  if (!HOST.test(parsed.hostname)) return `"${parsed.hostname}" is not a host name`;
  if (parsed.search || parsed.hash) return 'a git URL has no query string or fragment';
  if (!REPO_PATH.test(parsed.pathname) || parsed.pathname === '/') return `"${parsed.pathname}" is not a repository path (expected /owner/name.git)`;
  return undefined;
}

/** Why a revision is not a usable git ref name (git check-ref-format rules), or undefined. */
export function revisionProblem(rev: string): string | undefined {
  if (rev.length === 0 || rev.length > 255) return 'it must be 1 to 255 characters';
  if (/[\s~^:?*[\\\x00-\x1f\x7f]/.test(rev)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (rev.startsWith('-') || rev.startsWith('/') || rev.endsWith('/')) return 'it starts with "-" or "/", or ends with "/"';
  if (rev.includes('..') || rev.includes('//') || rev.includes('@{')) return 'it contains "..", "//" or "@{"';
  if (rev.endsWith('.') || rev.endsWith('.lock') || rev === '@') return 'it ends with "." or ".lock", or is "@"';
  if (rev.split('/').some((part) => part.startsWith('.'))) return 'a path component starts with "."';
  return undefined;
}

export const bootstrapOptions = z.object({
  repo: z.string().superRefine((v, ctx) => {
    const problem = repoUrlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `--repo ${JSON.stringify(v)} is not a usable git URL: ${problem}` });
  }),
  revision: z
    .string()
    .default('main')
    .superRefine((v, ctx) => {
      const problem = revisionProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `--revision ${JSON.stringify(v)} is not a valid branch or tag name: ${problem}` });
    }),
});
export type BootstrapOptions = z.infer<typeof bootstrapOptions>;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** YAML source for a string scalar: plain when YAML reads it back as that string, else quoted. */
function scalarSource(value: string): string {
  const plain = /^[A-Za-z0-9_./:@+-][A-Za-z0-9_./:@+~-]*$/.test(value) && !/^[-+]?[0-9.]/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function replaceScalar(node: Node | null | undefined, value: string, edits: Edit[]): void {
  if (!isScalar(node) || !node.range) throw new Error(`expected a scalar to replace with ${value}`);
  const [start, end] = node.range;
  edits.push({ start, end, text: scalarSource(value) });
}

/** Edits for one document: sources of this repository, and the project's sourceRepos entry. */
function documentEdits(doc: Document, current: string, opts: BootstrapOptions): Edit[] {
  const edits: Edit[] = [];
  const kind = doc.get('kind');
  if (kind === 'Application') {
    const sources: unknown[] = [];
    const single = doc.getIn(['spec', 'source'], true);
    if (single) sources.push(single);
    const many = doc.getIn(['spec', 'sources'], true);
    if (isSeq(many)) sources.push(...many.items);
    for (const source of sources) {
      if (!isMap(source)) continue;
      const url = source.get('repoURL', true);
      if (!isScalar(url) || typeof url.value !== 'string' || !sameRepo(url.value, current)) continue;
      replaceScalar(url, opts.repo, edits);
      const rev = source.get('targetRevision', true);
      if (!rev) throw new Error(`an Application source of ${current} has no targetRevision to set`);
      replaceScalar(rev, opts.revision, edits);
    }
  } else if (kind === 'AppProject') {
    const repos = doc.getIn(['spec', 'sourceRepos'], true);
    if (isSeq(repos))
      for (const item of repos.items)
        if (isScalar(item) && typeof item.value === 'string' && sameRepo(item.value, current)) replaceScalar(item, opts.repo, edits);
  }
  return edits;
}

/** The text with every reference to `current` pointed at the fork (unchanged when there is none). */
export function rewriteYaml(text: string, current: string, opts: BootstrapOptions): string {
  const edits = parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '));
    return documentEdits(doc, current, opts);
  });
  // Apply from the end so earlier offsets stay valid.
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((acc, e) => acc.slice(0, e.start) + e.text + acc.slice(e.end), text);
}

export interface BootstrapResult {
  previousRepo: string;
  changedFiles: string[];
}

/** Rewrites gitops/ under `root` in place. */
export function bootstrap(root: string, opts: BootstrapOptions): BootstrapResult {
  const { repoURL: previousRepo } = loadGitops(root);
  const changedFiles: string[] = [];
  for (const path of listYamlFiles(join(root, GITOPS_DIR))) {
    const before = readFileSync(path, 'utf8');
    const after = rewriteYaml(before, previousRepo, opts);
    if (after !== before) {
      writeFileSync(path, after);
      changedFiles.push(relative(root, path));
    }
  }
  const check = loadGitops(root);
  if (check.repoURL !== opts.repo || check.revision !== opts.revision) throw new Error('the root Application was not rewritten as expected');
  return { previousRepo, changedFiles };
}

/** What to run next, in order, for an empty minikube with Argo CD about to be installed. */
export function nextCommands(opts: BootstrapOptions, changedFiles: readonly string[]): string[] {
  const ssh = !opts.repo.startsWith('https://');
  return [
    `git add ${changedFiles.length > 0 ? changedFiles.join(' ') : GITOPS_DIR}`,
    `git commit -m "gitops: deploy from ${opts.repo} (${opts.revision})"`,
    `git push origin HEAD:${opts.revision}`,
    'kubectl apply -k gitops/argocd --server-side --force-conflicts',
    'kubectl -n argocd rollout status deployment/argocd-repo-server --timeout=300s',
    ...(ssh
      ? [`argocd repo add ${opts.repo} --ssh-private-key-path ~/.ssh/id_ed25519   # or: kubectl create a repository Secret in argocd`]
      : []),
    'kubectl apply -f gitops/apps/project.yaml -f gitops/root.yaml',
    'kubectl -n argocd get applications --watch',
  ];
}
