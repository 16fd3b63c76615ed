// Renders a Kustomize directory the way Argo CD does for a plain `path` source.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseYamlDocuments } from './repo.js';

const run = promisify(execFile);

export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

function isRendered(value: unknown): value is RenderedObject {
  if (value === null || typeof value !== 'object') return false;
  const o = value as Partial<RenderedObject>;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof o.metadata?.name === 'string';
}

/** `kubectl kustomize <dir>`; rejects with kustomize's own message when it fails. */
export async function renderKustomize(dir: string): Promise<RenderedObject[]> {
  try {
    const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 });
    return parseYamlDocuments(stdout, dir).map((d) => {
      if (!isRendered(d.value)) throw new Error(`${dir}: rendered document ${d.index} is not a Kubernetes object`);
      return d.value;
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') throw new Error('kubectl is not on PATH: it renders Kustomize directories (kubectl kustomize)');
    const stderr = (err as { stderr?: unknown }).stderr;
    throw new Error(`kubectl kustomize ${dir} failed: ${typeof stderr === 'string' && stderr ? stderr.trim() : String(err)}`);
  }
}

/** The API group of an apiVersion: "" for the core group. */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}
