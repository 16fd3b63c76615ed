import { spawn } from 'node:child_process';
import { stringify } from 'yaml';

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export type Manifest = Record<string, unknown>;

/**
 * Multi-document YAML of the objects, as kubectl reads it from stdin. YAML 1.1, as kubectl
 * reads it: the string "no" (redis' `--appendonly no`) must be quoted or it becomes false.
 */
export function toYamlStream(objects: readonly Manifest[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, version: '1.1' })).join('---\n');
}

/** kubectl of our pinned Kubernetes release, bound to one cluster's kubeconfig. */
export class Kubectl {
  constructor(
    readonly bin: string,
    readonly kubeconfig: string,
  ) {}

  exec(args: readonly string[], input?: string): Promise<Result> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, [`--kubeconfig=${this.kubeconfig}`, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input ?? '');
    });
  }

  /** Runs kubectl and returns stdout; throws with kubectl's own message when it fails. */
  async run(args: readonly string[], input?: string): Promise<string> {
    const r = await this.exec(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr.trim()}`);
    return r.stdout;
  }

  raw(path: string): Promise<string> {
    return this.run(['get', '--raw', path]);
  }

  /**
   * Server-side apply with strict field validation: an unknown or duplicate field is an error
   * from the API server itself, not a warning; admission, defaulting and CEL rules all run.
   */
  apply(objects: readonly Manifest[] | string, extra: readonly string[] = []): Promise<Result> {
    const input = typeof objects === 'string' ? objects : toYamlStream(objects);
    return this.exec(['apply', '--server-side', '--field-manager=shop-tests', '--force-conflicts', '--validate=strict', ...extra, '-f', '-'], input);
  }

  /** Like apply, but throws with the API server's message when any object is refused. */
  async applyOrThrow(objects: readonly Manifest[] | string, extra: readonly string[] = []): Promise<string> {
    const r = await this.apply(objects, extra);
    if (r.code !== 0) throw new Error(`server-side apply refused:\n${r.stderr.trim()}`);
    return r.stdout;
  }

  async list<T = Manifest>(kind: string, namespace?: string): Promise<T[]> {
    const scope = namespace === undefined ? ['--all-namespaces'] : ['-n', namespace];
    const out = await this.run(['get', kind, ...scope, '-o', 'json']);
    return (JSON.parse(out) as { items: T[] }).items;
  }
}
