import { describe, expect, it } from 'vitest';
import { argoSchemaProblems, schemaProblems } from '../src/index.js';
import { app, clone, gitops } from './repo.js';

describe("Argo CD's schema, unknown fields rejected", () => {
  const g = gitops();

  it('accepts every Application and AppProject in gitops/', () => {
    expect(g.applications.length).toBeGreaterThanOrEqual(11);
    expect(g.projects.map((p) => p.value.metadata.name)).toEqual(['shop']);
    expect(schemaProblems(g.documents)).toEqual([]);
  });

  it('rejects an unknown field at any depth, naming it', () => {
    const shop = clone(app(g, 'shop')) as Record<string, unknown> & { spec: Record<string, unknown> };
    const bad = clone(shop);
    (bad.spec.source as Record<string, unknown>).pth = 'overlays/minikube';
    expect(argoSchemaProblems('Application', bad)).toEqual(['/spec/source: unknown field "pth"']);

    const typo = clone(shop);
    (typo.spec.syncPolicy as Record<string, unknown>).syncOption = ['CreateNamespace=true'];
    expect(argoSchemaProblems('Application', typo)).toEqual(['/spec/syncPolicy: unknown field "syncOption"']);

    const top = clone(shop);
    top.spc = {};
    expect(argoSchemaProblems('Application', top)).toEqual(['(root): unknown field "spc"']);

    const meta = clone(shop);
    (meta.metadata as Record<string, unknown>).label = { a: 'b' };
    expect(argoSchemaProblems('Application', meta)).toEqual(['/metadata: unknown field "label"']);
  });

  it('rejects wrong types and missing required fields', () => {
    const shop = clone(app(g, 'shop')) as unknown as { spec: Record<string, unknown> };
    const wrongType = clone(shop);
    wrongType.spec.project = 5;
    expect(argoSchemaProblems('Application', wrongType)).toContain('/spec/project: must be string');

    const missing = clone(shop);
    delete missing.spec.destination;
    expect(argoSchemaProblems('Application', missing).join()).toMatch(/destination/);
  });

  it('keeps Helm valuesObject free-form, as the CRD does', () => {
    const istiod = clone(app(g, 'istiod'));
    const helm = istiod.spec.source?.helm;
    expect(helm?.valuesObject).toBeDefined();
    if (helm?.valuesObject) helm.valuesObject.anythingTheChartReads = { nested: [1, 'two'] };
    expect(argoSchemaProblems('Application', istiod)).toEqual([]);
  });

  it('checks AppProjects too, including their description', () => {
    const project = clone(g.projects[0]?.value) as unknown as { spec: Record<string, unknown> };
    expect(argoSchemaProblems('AppProject', project)).toEqual([]);
    project.spec.sourceRepo = ['*'];
    expect(argoSchemaProblems('AppProject', project)).toEqual(['/spec: unknown field "sourceRepo"']);
  });
});
