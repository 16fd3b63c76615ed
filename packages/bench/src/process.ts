import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';

export interface BenchProcess {
  name: string;
  url: string;
  pid: number;
  /** CPU seconds (user + system, every thread) the process has used so far. */
  cpuSeconds(): Promise<number>;
  /** Milliseconds from spawn() to the first 200 from /readyz. */
  readyMs: number;
  memory(): Promise<{ rssMiB: number; peakMiB: number }>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  file: string;
  port: number;
  env: Record<string, string>;
  /** Where stdout/stderr go: a file, as a container runtime would collect them. */
  logFile: string;
  node: string;
  nodeArgs?: string[];
  timeoutMs?: number;
}

function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readyWithin(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode} before ready; log:\n${await tail(logFile)}`);
    }
    if (await probe(url)) return;
    // Fine-grained polling: start-up times are compared, and a probe is cheap.
    await sleep(5);
  }
  throw new Error(`not ready within ${timeoutMs} ms; log:\n${await tail(logFile)}`);
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-30).join('\n');
}

/** Resident and peak memory from /proc (Linux), in MiB. */
async function memoryOf(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** utime + stime from /proc/<pid>/stat (Linux), in seconds. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): state is 0, utime 11, stime 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** Starts one bundle with `node <file>` and times it to readiness. */
export async function spawnBundle(options: SpawnOptions): Promise<BenchProcess> {
  const out = openSync(options.logFile, 'a');
  const started = performance.now();
  const child = spawn(options.node, [...(options.nodeArgs ?? []), options.file], {
    env: { PATH: process.env.PATH ?? '', ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await readyWithin(`${url}/readyz`, child, options.timeoutMs ?? 60_000, options.logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${options.name}: ${(err as Error).message}`);
  }
  const readyMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return {
    name: options.name,
    url,
    pid,
    readyMs,
    memory: () => memoryOf(pid),
    cpuSeconds: () => cpuSecondsOf(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
