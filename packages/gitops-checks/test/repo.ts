// The real repository this package checks, loaded once per test file.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot, loadGitops, renderRepoPaths, type Gitops, type RenderResult } from '../src/index.js';

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

export function gitops(): Gitops {
  return loadGitops(REPO_ROOT);
}

let renders: Promise<RenderResult[]> | undefined;
export function renderedPaths(): Promise<RenderResult[]> {
  renders ??= renderRepoPaths(gitops());
  return renders;
}

export function app(g: Gitops, name: string) {
  const found = g.applications.find((a) => a.value.metadata.name === name);
  if (!found) throw new Error(`no Application ${name} in gitops/`);
  return found.value;
}

/** A deep copy, so a test can break one object without touching the others. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
