import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { Cluster } from './cluster.js';
import type { Manifest } from './kubectl.js';

const run = promisify(execFile);

const Message = z.object({
  code: z.string(),
  level: z.string(),
  origin: z.string().optional(),
  reference: z.string().optional(),
  message: z.string().optional(),
});
export type AnalyzerMessage = z.infer<typeof Message>;

/** The mesh config our istiod values render (the `istio` ConfigMap's data.mesh). */
export function meshConfigOf(istiod: readonly Manifest[]): string {
  const cm = istiod.find((o) => o.kind === 'ConfigMap' && (o.metadata as { name?: string }).name === 'istio');
  const mesh = (cm?.data as { mesh?: string } | undefined)?.mesh;
  if (mesh === undefined) throw new Error('the rendered istiod chart has no istio ConfigMap with data.mesh');
  return mesh;
}

/**
 * `istioctl analyze` against the live API server, every namespace, with our mesh config.
 * Returns every message (Info included); the caller decides what fails.
 */
export async function analyze(cluster: Cluster, meshConfig: string, extraFiles: readonly string[] = []): Promise<AnalyzerMessage[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shop-analyze-'));
  try {
    writeFileSync(join(dir, 'mesh.yaml'), meshConfig);
    const args = ['analyze', `--kubeconfig=${cluster.kubeconfig}`, '--all-namespaces', '--meshConfigFile', join(dir, 'mesh.yaml'), '--output', 'json', '--output-threshold', 'Info', '--failure-threshold', 'Error', ...extraFiles];
    const out = await run(cluster.bin.istioctl, args, { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, HOME: dir } }).catch(
      (e: { stdout?: string; stderr?: string; code?: number; message: string }) => {
        // A message at or above the failure threshold exits non-zero but still prints the JSON.
        if (e.stdout?.trim().startsWith('[')) return { stdout: e.stdout };
        throw new Error(`istioctl analyze failed (${e.code ?? '?'}): ${(e.stderr ?? e.message).trim()}`);
      },
    );
    const text = out.stdout.trim();
    return text === '' ? [] : z.array(Message).parse(JSON.parse(text));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Allowed {
  code: string;
  /** A substring of the message's origin (e.g. "Deployment shop/loadgen"), or any origin. */
  origin?: string;
  why: string;
}

/** Warnings and errors that no allow-list entry explains, as readable lines. */
export function unexplained(messages: readonly AnalyzerMessage[], allowed: readonly Allowed[]): string[] {
  return messages
    .filter((m) => m.level === 'Error' || m.level === 'Warning')
    .filter((m) => !allowed.some((a) => a.code === m.code && (a.origin === undefined || (m.origin ?? '').includes(a.origin))))
    .map((m) => `${m.level} [${m.code}] ${m.origin ?? ''}: ${m.message ?? ''}`);
}
