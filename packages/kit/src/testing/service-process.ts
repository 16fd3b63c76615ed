import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './ports.js';

export interface ServiceProcessOptions {
  /** Label for errors and logs. */
  name: string;
  /** Entry file: a TypeScript `src/main.ts` (run through tsx) or a built bundle. */
  entry: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  port?: number;
  /** Node binary to run with (defaults to this one). */
  node?: string;
  readyPath?: string;
  timeoutMs?: number;
  /** Keep everything the process writes for `output()` (default true; long-running callers turn it off). */
  keepOutput?: boolean;
  /** Called with each complete line the process writes, as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout then stderr interleaved). */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM and wait (graceful). */
  stop(): Promise<number | null>;
  /** SIGKILL and wait (a crash). */
  kill(): Promise<number | null>;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode} before ready:\n${output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${output()}`);
}

/** Starts a service as its own process on a free loopback port and waits for its readiness probe. */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const isTs = options.entry.endsWith('.ts');
  const args = isTs ? ['--import', import.meta.resolve('tsx'), options.entry] : ['--enable-source-maps', options.entry];
  let buffer = '';
  const child = spawn(options.node ?? process.execPath, args, {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (stream: 'stdout' | 'stderr') => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = chunk.toString();
      if (options.keepOutput !== false) buffer += text;
      if (!options.onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine(line, stream);
    };
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = `http://127.0.0.1:${port}`;
  const output = () => buffer;
  try {
    await waitUntilReady(`${url}${options.readyPath ?? '/readyz'}`, child, output, options.timeoutMs ?? 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${options.name}: ${(err as Error).message}`);
  }
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    return exited;
  };
  return { name: options.name, url, port, child, output, exited, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
