import { describe, expect, it } from 'vitest';
import { renderKustomize, renderRepoPaths, repoSources } from '../src/index.js';
import { REPO_ROOT, app, clone, gitops, renderedPaths } from './repo.js';

describe('Applications that point at this repository', () => {
  const g = gitops();

  it('name paths that exist and render with kubectl kustomize', async () => {
    const renders = await renderedPaths();
    expect(renders.map((r) => r.path).sort()).toEqual(['gitops/apps', 'gitops/dashboards', 'gitops/mesh/minikube', 'overlays/minikube']);
    expect(renders.filter((r) => r.error).map((r) => r.error)).toEqual([]);
    for (const r of renders) expect(r.objects?.length, r.path).toBeGreaterThan(0);
  });

  it('are all found, whichever Application holds them', () => {
    expect(repoSources(g).map((s) => s.app.metadata.name).sort()).toEqual(['mesh-defaults', 'shop', 'shop-dashboards', 'shop-root']);
  });

  it('the root renders exactly the child Applications and the AppProject of gitops/apps', async () => {
    const rootRender = (await renderedPaths()).find((r) => r.app === 'shop-root');
    const rendered = (rootRender?.objects ?? []).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    const declared = [
      ...g.applications.filter((a) => a.file.startsWith('gitops/apps/')).map((a) => `Application/${a.value.metadata.name}`),
      ...g.projects.map((p) => `AppProject/${p.value.metadata.name}`),
    ].sort();
    expect(rendered).toEqual(declared);
    expect(rendered).not.toContain('Application/shop-root');
  });

  it('fail when a path does not exist or does not render', async () => {
    const broken = clone(g);
    const shop = broken.applications.find((a) => a.value.metadata.name === 'shop')?.value;
    if (shop?.spec.source) shop.spec.source.path = 'overlays/does-not-exist';
    const results = await renderRepoPaths(broken);
    const failed = results.filter((r) => r.error);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toMatch(/Application shop: path overlays\/does-not-exist: kubectl kustomize .* failed/);
  });

  it('the production overlay, the documented alternative, renders the same kinds of objects', async () => {
    const kinds = (objects: { apiVersion: string; kind: string }[]) => new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`));
    const minikube = kinds((await renderedPaths()).find((r) => r.app === 'shop')?.objects ?? []);
    const production = kinds(await renderKustomize(`${REPO_ROOT}/overlays/production`));
    for (const kind of minikube) expect(production, kind).toContain(kind);
    expect(app(g, 'shop').spec.source?.path).toBe('overlays/minikube');
  });
});
