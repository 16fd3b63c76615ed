import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { listYamlFiles, loadGitops, repoUrlProblem, revisionProblem, sameRepo, sourcesOf } from '../src/index.js';
import { REPO_ROOT } from './repo.js';

const run = promisify(execFile);
const PACKAGE = join(REPO_ROOT, 'packages/gitops-checks');
const CLI = join(PACKAGE, 'src/bootstrap-cli.ts');
const TSX = join(PACKAGE, 'node_modules/.bin/tsx');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd: PACKAGE });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A temporary copy of the repository's gitops/ (and the marker file that makes it a root). */
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-bootstrap-'));
  copies.push(dir);
  cpSync(join(REPO_ROOT, 'gitops'), join(dir, 'gitops'), { recursive: true });
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages: []\n');
  return dir;
}

function snapshot(root: string): Map<string, string> {
  return new Map(listYamlFiles(join(root, 'gitops')).map((f) => [f.slice(root.length), readFileSync(f, 'utf8')]));
}

const ORIGINAL = loadGitops(REPO_ROOT);
const FORK = 'git@github.com:alice/shop.git';

/** What bootstrap must produce: the original documents with exactly the expected fields changed. */
function expectedDocuments(file: string, repo: string, revision: string): unknown[] {
  return parseAllDocuments(readFileSync(join(REPO_ROOT, file), 'utf8')).map((d) => {
    const value = d.toJS() as { kind?: string; spec?: { source?: Src; sources?: Src[]; sourceRepos?: string[] } } | null;
    type Src = { repoURL: string; targetRevision?: string };
    for (const s of [value?.spec?.source, ...(value?.spec?.sources ?? [])])
      if (value?.kind === 'Application' && s && sameRepo(s.repoURL, ORIGINAL.repoURL)) Object.assign(s, { repoURL: repo, targetRevision: revision });
    if (value?.kind === 'AppProject' && value.spec?.sourceRepos)
      value.spec.sourceRepos = value.spec.sourceRepos.map((r) => (sameRepo(r, ORIGINAL.repoURL) ? repo : r));
    return value;
  });
}

describe('pnpm gitops:bootstrap', () => {
  let root: string;
  beforeEach(() => {
    root = copyRepo();
  });

  it('rewrites every repoURL of this repository (and its revision), and nothing else', async () => {
    const before = snapshot(root);
    const out = await cli(['--', '--repo', FORK, '--revision', 'feature/observability', '--root', root]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);

    const after = loadGitops(root);
    expect(after.repoURL).toBe(FORK);
    expect(after.revision).toBe('feature/observability');
    const repoApps = after.applications.filter((a) => sourcesOf(a.value).some((s) => s.repoURL === FORK)).map((a) => a.value.metadata.name);
    expect(repoApps.sort()).toEqual(['mesh-defaults', 'shop', 'shop-dashboards', 'shop-root']);
    expect(JSON.stringify(after.documents)).not.toContain(ORIGINAL.repoURL);

    // Parsed, every document is the original with exactly those fields changed...
    for (const file of before.keys()) {
      const rel = file.slice(1);
      const got = parseAllDocuments(readFileSync(join(root, rel), 'utf8')).map((d) => d.toJS() as unknown);
      expect(got, rel).toEqual(expectedDocuments(rel, FORK, 'feature/observability'));
    }
    // ...and as text, only the lines holding them differ: comments and layout are untouched.
    const changed: string[] = [];
    for (const [file, text] of before) {
      const now = readFileSync(join(root, file), 'utf8');
      if (now === text) continue;
      changed.push(file);
      const [a, b] = [text.split('\n'), now.split('\n')];
      expect(b.length, file).toBe(a.length);
      a.forEach((line, i) => {
        if (line !== b[i]) expect(`${line} -> ${b[i]}`).toMatch(/^\s*(- |repoURL: |targetRevision: ).* -> \s*(- |repoURL: |targetRevision: )/);
      });
    }
    expect(changed.sort()).toEqual(['/gitops/apps/dashboards.yaml', '/gitops/apps/mesh-defaults.yaml', '/gitops/apps/project.yaml', '/gitops/apps/shop.yaml', '/gitops/root.yaml']);

    // It prints the exact next commands.
    expect(out.stdout).toContain('git push origin HEAD:feature/observability');
    expect(out.stdout).toContain('kubectl apply -k gitops/argocd --server-side --force-conflicts');
    expect(out.stdout).toContain(`argocd repo add ${FORK}`);
    expect(out.stdout).toContain('kubectl apply -f gitops/apps/project.yaml -f gitops/root.yaml');
  });

  it('is idempotent, and can move an already bootstrapped tree to another fork', async () => {
    expect((await cli(['--repo', FORK, '--root', root])).code).toBe(0);
    const once = snapshot(root);
    const again = await cli(['--repo', FORK, '--root', root]);
    expect(again.stdout).toContain('Nothing to change');
    expect(snapshot(root)).toEqual(once);

    const https = 'https://gitlab.example.org/bob/shop';
    expect((await cli(['--repo', https, '--revision', '1.0', '--root', root])).code).toBe(0);
    const moved = loadGitops(root);
    expect(moved.repoURL).toBe(https);
    // A revision YAML would read as a number stays a string.
    expect(moved.revision).toBe('1.0');
    expect(readFileSync(join(root, 'gitops/root.yaml'), 'utf8')).toContain('targetRevision: "1.0"');
    // Three CLI runs (tsx start-up each): on a loaded machine they took over the default 60 s.
  }, 180_000);

  it.concurrent.each([
    [[], '--repo is required'],
    [['--repo', 'http://github.com/alice/shop.git'], 'plain http is not accepted'],
    [['--repo', 'https://alice:token@github.com/alice/shop.git'], 'embeds credentials'],
    [['--repo', 'not a url'], 'contains whitespace'],
    [['--repo', 'ftp://example.com/shop.git'], 'scheme is not supported'],
    [['--repo', 'https://github.com/'], 'is not a repository path'],
    [['--repo', FORK, '--revision', 'main..evil'], 'is not a valid branch or tag name'],
    [['--repo', FORK, '--revision=-x'], 'is not a valid branch or tag name'],
    [['--repo', FORK, '--revision', '-x'], 'argument is ambiguous'],
    [['--repository', FORK], "Unknown option '--repository'"],
  ])('refuses %j with a clear message and changes nothing', async (args, message) => {
    // Each case has its own copy, so the processes run side by side.
    const own = copyRepo();
    const before = snapshot(own);
    const out = await cli([...args, '--root', own]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain('usage: pnpm gitops:bootstrap');
    expect(snapshot(own)).toEqual(before);
  });
});

describe('git URL and revision rules', () => {
  it.each(['https://github.com/alice/shop.git', 'https://github.com/alice/shop', 'git@github.com:alice/shop.git', 'ssh://git@git.example.org:2222/team/shop.git'])(
    'accepts %s',
    (url) => expect(repoUrlProblem(url)).toBeUndefined(),
  );
  it.each(['github.com/alice/shop', 'git://github.com/alice/shop.git', 'file:///srv/shop.git', 'https://github.com/alice/shop.git?x=1', 'git@github.com:'])(
    'refuses %s',
    (url) => expect(repoUrlProblem(url)).toBeTypeOf('string'),
  );
  it.each(['main', 'feature/observability', 'v1.2.3', 'release-2026.11'])('accepts revision %s', (rev) => expect(revisionProblem(rev)).toBeUndefined());
  it.each(['', 'a b', 'a..b', 'x.lock', 'a/.hidden', 'ref^', 'a@{1}', '/abs', 'trailing/'])('refuses revision %j', (rev) =>
    expect(revisionProblem(rev)).toBeTypeOf('string'),
  );
});
