import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluateHealth, groupOf, renderKustomize, waveOf, waveProblems } from '../src/index.js';
import { REPO_ROOT, app, clone, gitops, renderedPaths } from './repo.js';

describe('sync waves', () => {
  const g = gitops();
  const wave = (name: string) => waveOf(app(g, name));

  it('put every CRD in a wave before its first user, and users skip the dry run of missing CRDs', async () => {
    const renders = await renderedPaths();
    const shopGroups = new Set((renders.find((r) => r.app === 'shop')?.objects ?? []).map((o) => groupOf(o.apiVersion)));
    // The check has something to check: the shop deploys Istio and CloudNativePG resources.
    expect([...shopGroups]).toEqual(expect.arrayContaining(['networking.istio.io', 'security.istio.io', 'postgresql.cnpg.io']));
    const meshGroups = (renders.find((r) => r.app === 'mesh-defaults')?.objects ?? []).map((o) => groupOf(o.apiVersion));
    expect(meshGroups).toEqual(['telemetry.istio.io']);
    expect(waveProblems({ applications: g.applications, renders })).toEqual([]);
  });

  it('order Istio base -> istiod -> gateway -> addons -> shop, with the database operator before the shop', () => {
    expect(wave('istio-base')).toBeLessThan(wave('istiod'));
    expect(wave('istiod')).toBeLessThan(wave('istio-gateway'));
    // The root-namespace Telemetry needs istiod's validation; it comes with the gateway it configures.
    expect(wave('mesh-defaults')).toBe(wave('istio-gateway'));
    for (const addon of ['prometheus', 'jaeger', 'grafana', 'kiali', 'shop-dashboards']) {
      expect(wave(addon), addon).toBeGreaterThan(wave('istiod'));
      expect(wave(addon), addon).toBeLessThan(wave('shop'));
    }
    expect(wave('cnpg-operator')).toBeLessThan(wave('shop'));
    expect(wave('istio-gateway')).toBeLessThan(wave('shop'));
    const project = g.projects[0]?.value.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
    expect(Number(project)).toBeLessThan(Math.min(...g.applications.map((a) => waveOf(a.value))));
  });

  it('catch a user in the same wave as its CRDs, and a missing SkipDryRunOnMissingResource', async () => {
    const renders = await renderedPaths();
    const early = clone(g.applications);
    const shop = early.find((a) => a.value.metadata.name === 'shop')?.value;
    if (!shop?.metadata.annotations || !shop.spec.syncPolicy?.syncOptions) throw new Error('shop has no wave or sync options');
    shop.metadata.annotations['argocd.argoproj.io/sync-wave'] = '0';
    shop.spec.syncPolicy.syncOptions = shop.spec.syncPolicy.syncOptions.filter((o) => !o.startsWith('SkipDryRun'));
    const problems = waveProblems({ applications: early, renders });
    expect(problems).toContain(
      'Application shop (wave 0) deploys postgresql.cnpg.io resources whose CRD comes from cnpg-operator (wave 0): the CRD must come in an earlier wave',
    );
    expect(problems.some((p) => p.includes('networking.istio.io') && p.includes('istio-base'))).toBe(true);
    expect(problems).toContain("Application shop deploys custom resources of another Application's CRDs without SkipDryRunOnMissingResource=true");
  });

  it('catch custom resources whose CRD no Application installs', async () => {
    const renders = clone(await renderedPaths());
    renders.find((r) => r.app === 'shop')?.objects?.push({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' } });
    expect(waveProblems({ applications: g.applications, renders })).toEqual([
      'Application shop deploys monitoring.coreos.com resources but no Application installs that CRD',
    ]);
  });

  it('really wait: the Argo CD install restores the Application health check in argocd-cm', async () => {
    // Render gitops/argocd with Argo CD's remote install.yaml replaced by its argocd-cm, so the
    // patch is proven to apply to the ConfigMap it targets.
    const dir = mkdtempSync(join(tmpdir(), 'argocd-install-'));
    const src = join(REPO_ROOT, 'gitops/argocd');
    const kustomization = readFileSync(join(src, 'kustomization.yaml'), 'utf8').replace(/- https:\/\/\S+install\.yaml/, '- install-stub.yaml');
    writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
    for (const f of ['namespace.yaml', 'argocd-cm.yaml']) copyFileSync(join(src, f), join(dir, f));
    writeFileSync(
      join(dir, 'install-stub.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  labels:\n    app.kubernetes.io/name: argocd-cm\n    app.kubernetes.io/part-of: argocd\n',
    );
    const objects = await renderKustomize(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cm') as { data?: Record<string, string>; metadata: { namespace?: string } };
    expect(cm.metadata.namespace).toBe('argocd');
    const lua = cm.data?.['resource.customizations.health.argoproj.io_Application'] ?? '';
    // Run it as Argo CD does: a child that was just created, or is still rolling out, keeps the
    // parent's wave Progressing; only a Healthy child lets the next wave start.
    const child = (health?: { status: string; message?: string }) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'istiod', namespace: 'argocd' },
      spec: { project: 'shop' },
      ...(health ? { status: { health, sync: { status: 'Synced' }, resources: [{ kind: 'Deployment', name: 'istiod' }] } } : {}),
    });
    expect(evaluateHealth(lua, child())).toEqual({ status: 'Progressing', message: '' });
    expect(evaluateHealth(lua, child({ status: 'Progressing' })).status).toBe('Progressing');
    expect(evaluateHealth(lua, child({ status: 'Missing' })).status).toBe('Missing');
    expect(evaluateHealth(lua, child({ status: 'Degraded', message: 'Deployment istiod: 0/1 ready' }))).toEqual({
      status: 'Degraded',
      message: 'Deployment istiod: 0/1 ready',
    });
    expect(evaluateHealth(lua, child({ status: 'Healthy' })).status).toBe('Healthy');
    // Argo CD 3.4+: a child whose CRDs are applied but whose Deployment is still missing reports
    // the health of what exists (Healthy) while OutOfSync; the wave must still wait.
    const partial = { ...child({ status: 'Healthy' }), status: { health: { status: 'Healthy' }, sync: { status: 'OutOfSync' } } };
    expect(evaluateHealth(lua, partial)).toEqual({ status: 'Progressing', message: 'healthy but OutOfSync: some resources are not applied yet' });
    const syncing = { ...child({ status: 'Healthy' }), status: { health: { status: 'Healthy' }, sync: { status: 'Synced' }, operationState: { phase: 'Running' } } };
    expect(evaluateHealth(lua, syncing)).toEqual({ status: 'Progressing', message: 'sync operation Running' });
    // Argo CD stays out of the mesh.
    const ns = objects.find((o) => o.kind === 'Namespace') as { metadata: { name: string; labels?: Record<string, string> } };
    expect(ns.metadata).toMatchObject({ name: 'argocd', labels: { 'istio-injection': 'disabled' } });
    expect(parse(readFileSync(join(src, 'kustomization.yaml'), 'utf8'))).toMatchObject({ namespace: 'argocd' });
  });
});
