import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argocdInstallProblems, loadChartLock, pinProblems, projectProblems, sourcesOf } from '../src/index.js';
import { REPO_ROOT, clone, gitops } from './repo.js';

describe('pinned versions and the AppProject', () => {
  const g = gitops();

  it('pin every Helm chart to an exact version and Argo CD to a release tag', () => {
    const charts = g.applications.flatMap((a) => sourcesOf(a.value).filter((s) => s.chart));
    expect(charts.length).toBe(8);
    expect(pinProblems(g.applications, g.repoURL, g.revision)).toEqual([]);
    expect(argocdInstallProblems(REPO_ROOT)).toEqual([]);
  });

  it('reject ranges, wildcards and branches', () => {
    for (const revision of ['1.29.*', '>=0.27.0', 'latest', '', '1.29']) {
      const apps = clone(g.applications);
      const source = apps.find((a) => a.value.metadata.name === 'istiod')?.value.spec.source;
      if (!source) throw new Error('istiod has no source');
      source.targetRevision = revision;
      expect(pinProblems(apps, g.repoURL, g.revision), revision).toEqual([
        `gitops/apps/istiod.yaml: Application istiod: chart istiod is not pinned to an exact version (targetRevision "${revision}")`,
      ]);
    }
  });

  it('keep every source of this repository on the root revision', () => {
    const apps = clone(g.applications);
    const source = apps.find((a) => a.value.metadata.name === 'shop')?.value.spec.source;
    if (!source) throw new Error('shop has no source');
    source.targetRevision = 'HEAD';
    expect(pinProblems(apps, g.repoURL, g.revision)).toEqual([
      `gitops/apps/shop.yaml: Application shop: targetRevision "HEAD" differs from the root's "${g.revision}"`,
    ]);
  });

  it('limit every Application to the project sources and destinations', () => {
    expect(projectProblems(g.applications, g.projects)).toEqual([]);
    const apps = clone(g.applications);
    const kiali = apps.find((a) => a.value.metadata.name === 'kiali')?.value;
    if (!kiali?.spec.source) throw new Error('kiali has no source');
    kiali.spec.source.repoURL = 'https://example.com/charts';
    kiali.spec.destination.namespace = 'default';
    expect(projectProblems(apps, g.projects)).toEqual([
      "gitops/apps/kiali.yaml: Application kiali: source https://example.com/charts is not in AppProject shop's sourceRepos",
      "gitops/apps/kiali.yaml: Application kiali: destination namespace default is not in AppProject shop's destinations",
    ]);
  });

  it("are the versions of the README's compatibility matrix, each with its repository", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Platform versions');
    const matrix = readme.slice(start, readme.indexOf('\n## ', start + 1));
    expect(start).toBeGreaterThan(0);
    const lock = loadChartLock(REPO_ROOT);
    for (const c of lock.charts) {
      const row = matrix.split('\n').find((l) => l.startsWith('|') && l.includes(c.repository));
      expect(row, `${c.chart}: no row names ${c.repository}`).toBeDefined();
      expect(row, c.chart).toContain(c.version);
    }
    expect(matrix).toContain(`argo-cd/${lock.argocd.version}/manifests/install.yaml`);
  });

  it("are the versions the README's deploy guide names", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const guide = readme.slice(readme.indexOf('## Deploy to minikube with Argo CD'));
    expect(guide.length).toBeLessThan(readme.length);
    for (const { value } of g.applications)
      for (const s of sourcesOf(value).filter((s) => s.chart)) expect(guide, `${value.metadata.name} ${s.targetRevision}`).toContain(s.targetRevision);
  });
});
