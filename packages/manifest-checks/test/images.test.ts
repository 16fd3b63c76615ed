import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE, IMAGES, imageBuild } from '../src/image-builds.js';
import { repoRoot } from '../src/overlays.js';
import { render } from './support/manifests.js';

const dockerfile = readFileSync(join(repoRoot, DOCKERFILE), 'utf8');

describe('the one Dockerfile', () => {
  it('is the only Dockerfile in packages/: SERVICE picks the package, every stage declares the ARG', () => {
    const stages = dockerfile.split('\n').filter((l) => /^FROM /.test(l)).length;
    const declared = dockerfile.split('\n').filter((l) => l.trim() === 'ARG SERVICE').length;
    expect(declared).toBe(stages - 1); // every stage after `base` uses SERVICE
    expect(dockerfile).toContain('prune @shop/${SERVICE} --docker');
    expect(dockerfile).toContain('--filter=@shop/${SERVICE} --only');
    expect(dockerfile).toContain('cp packages/${SERVICE}/dist/main.js /image/main.mjs');
    expect(dockerfile).toContain('COPY --from=build /image/ ./');
    expect(dockerfile).toContain('NODE_COMPILE_CACHE=/app/compile-cache');
    expect(dockerfile).toMatch(/^CMD \["main.mjs"\]$/m);
    for (const name of IMAGES) expect(() => readFileSync(join(repoRoot, 'packages', name, 'Dockerfile'))).toThrow(/ENOENT/);
  });

  it('every image package bundles to dist/main.js, the file the Dockerfile copies', () => {
    for (const name of IMAGES) {
      const config = readFileSync(join(repoRoot, 'packages', name, 'tsup.config.ts'), 'utf8');
      expect(config, name).toMatch(/serviceBundle\(|entry: \{ main: /);
    }
  });

  it('builds one image per package the manifests run, with SERVICE set', async () => {
    const images = new Set<string>();
    for (const overlay of ['overlays/minikube', 'overlays/production'] as const) {
      for (const o of await render(overlay)) {
        const containers = (o.spec as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec?.containers ?? [];
        for (const c of containers) images.add(/shop\/([a-z]+)/.exec(c.image ?? '')?.[1] ?? '');
      }
    }
    expect([...images].filter(Boolean).sort()).toEqual([...IMAGES].sort());
    expect(imageBuild('cart', 'dev', true)).toEqual(['docker', 'build', '-f', DOCKERFILE, '--build-arg', 'SERVICE=cart', '-t', 'shop/cart:dev', '.']);
    expect(imageBuild('order', 'v2', false)).toEqual(['minikube', 'image', 'build', '-f', DOCKERFILE, '--build-opt=build-arg=SERVICE=order', '-t', 'shop/order:v2', '.']);
  });
});
