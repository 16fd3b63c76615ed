import { readFileSync, writeFileSync, mkdtempSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED_CHART_REPOSITORIES, argocdLockProblems, istioModule, loadChartLock, lockProblems, LOCK_FILE } from '../src/index.js';
import { REPO_ROOT, clone, gitops } from './repo.js';

describe('gitops/apps/charts.lock.yaml', () => {
  const g = gitops();
  const lock = loadChartLock(REPO_ROOT);
  const source = (apps: typeof g.applications, name: string) => {
    const s = apps.find((a) => a.value.metadata.name === name)?.value.spec.source;
    if (!s) throw new Error(`${name} has no source`);
    return s;
  };

  it('holds every chart pin of gitops/apps, each verified with a digest, a tag commit or a release note, and nothing else', () => {
    expect(lockProblems(g.applications, lock)).toEqual([]);
    expect(lock.charts.map((c) => c.chart).sort()).toEqual(['base', 'cloudnative-pg', 'gateway', 'grafana', 'istiod', 'jaeger', 'kiali-server', 'prometheus']);
  });

  it('installs the Argo CD release the lock verified', () => {
    expect(argocdLockProblems(REPO_ROOT, lock)).toEqual([]);
    expect(lock.argocd.version).toMatch(/^v3\.5\.\d+$/);
  });

  it('renders Istio from a module of the pinned line (its VERSION file), the sum the lock recorded', () => {
    const m = istioModule(lock);
    if ('unavailable' in m) return void console.warn(`skipped: ${m.unavailable}`);
    expect(readFileSync(join(m.dir, 'VERSION'), 'utf8').trim()).toBe(lock.istioModule.line);
    const missing = istioModule({ istioModule: { ...lock.istioModule, version: 'v0.0.0-20260101000000-000000000000' } });
    expect('unavailable' in missing && missing.unavailable).toMatch(/^go mod download istio\.io\/istio@v0\.0\.0-20260101000000-000000000000/);
    expect(istioModule({ istioModule: { ...lock.istioModule, sum: 'h1:tampered=' } })).toEqual({
      unavailable: `go mod download istio.io/istio@${lock.istioModule.version}: sum ${lock.istioModule.sum} differs from the lock's h1:tampered=`,
    });
  });

  it('rejects a version typed into an Application but never verified (the unpublished jaeger 4.4.8)', () => {
    const apps = clone(g.applications);
    source(apps, 'jaeger').targetRevision = '4.4.8';
    expect(lockProblems(apps, lock)).toEqual([
      `gitops/apps/jaeger.yaml: Application jaeger: chart jaeger 4.4.8: ${LOCK_FILE} verified ${source(g.applications, 'jaeger').targetRevision ?? ''}, not 4.4.8`,
      `${LOCK_FILE}: https://jaegertracing.github.io/helm-charts jaeger ${source(g.applications, 'jaeger').targetRevision ?? ''} is pinned by no Application`,
    ]);
  });

  it("rejects Istio's retired googleapis bucket, and any repository not on the allowed list", () => {
    const apps = clone(g.applications);
    source(apps, 'istiod').repoURL = 'https://istio-release.storage.googleapis.com/charts';
    source(apps, 'kiali').repoURL = 'https://charts.example.com/kiali';
    const problems = lockProblems(apps, lock);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Application istiod: .*storage\.googleapis\.com, which Istio no longer publishes to/),
        expect.stringMatching(/Application istiod: .*no entry for https:\/\/istio-release\.storage\.googleapis\.com\/charts istiod/),
        expect.stringMatching(/Application kiali: .*https:\/\/charts\.example\.com\/kiali is not on the allowed list/),
      ]),
    );
    expect(ALLOWED_CHART_REPOSITORIES.some((r) => r.includes('googleapis'))).toBe(false);
  });

  it('the AppProject allows exactly this repository and the allowed chart repositories', () => {
    const repos = g.projects[0]?.value.spec.sourceRepos ?? [];
    expect([...repos].sort()).toEqual([g.repoURL, ...ALLOWED_CHART_REPOSITORIES].sort());
  });

  it('rejects a lock entry without evidence, and an Argo CD install that is not the locked tag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    mkdirSync(join(dir, 'gitops/apps'), { recursive: true });
    const text = readFileSync(join(REPO_ROOT, LOCK_FILE), 'utf8');
    writeFileSync(join(dir, LOCK_FILE), text.replace(/\n {4}digest: sha256:[0-9a-f]+\n {4}commit: [0-9a-f]+\n(?= {4}source: jaegertracing)/, '\n'));
    expect(() => loadChartLock(dir)).toThrow(/an entry needs a digest, a tag commit or a release note/);

    cpSync(join(REPO_ROOT, 'gitops/argocd'), join(dir, 'gitops/argocd'), { recursive: true });
    const k = join(dir, 'gitops/argocd/kustomization.yaml');
    writeFileSync(k, readFileSync(k, 'utf8').replace(/argo-cd\/v[^/]+\//, 'argo-cd/v3.3.14/'));
    expect(argocdLockProblems(dir, lock)).toEqual([`gitops/argocd installs Argo CD v3.3.14, ${LOCK_FILE} verified ${lock.argocd.version}`]);
  });
});
