// Throughput of the kit's tRPC hosting next to a bare node:http server and tRPC's official standalone
// adapter, in one run: each server in its own process, loaded in turn by autocannon from this process.
// `pnpm bench:kit`; BENCH_SECONDS (per measurement, default 6), BENCH_ROUNDS (default 2),
// BENCH_CONNECTIONS (default 50), BENCH_NODE (the servers' node binary). Exits non-zero if any request failed.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const TARGETS = [
  { name: 'bare', label: 'bare node:http (fixed JSON)', path: '/' },
  { name: 'official', label: 'tRPC standalone adapter', path: '/trpc/ping' },
  { name: 'handler', label: 'kit tRPC handler alone', path: '/trpc/ping' },
  { name: 'kit', label: 'kit service (startService)', path: '/trpc/ping' },
] as const;
const EXPECTED = { result: { data: { ok: true } } };
const REQUIRED_RATIO = 0.6;

const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmupSeconds = 2;
// The servers' Node binary: this one by default; BENCH_NODE=<path> runs them on another (images use Node 24).
const serverNode = process.env.BENCH_NODE ?? process.execPath;

interface Running {
  child: ChildProcess;
  url: string;
}

function cpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpu: NodeJS.CpuUsage }) => resolve(message.cpu.user + message.cpu.system));
    child.send('cpu');
  });
}

function start(name: string, path: string): Promise<Running> {
  const child = fork(fileURLToPath(new URL('./target.ts', import.meta.url)), [name], {
    execPath: serverNode,
    // stdout to /dev/null: the kit service logs every request there, as it would to a log collector.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, url: `http://127.0.0.1:${message.port}${path}` }));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
}

async function check(url: string): Promise<void> {
  const res = await fetch(url);
  const body: unknown = await res.json();
  if (res.status !== 200 || JSON.stringify(body) !== JSON.stringify(EXPECTED)) {
    throw new Error(`${url} answered ${res.status} ${JSON.stringify(body)}`);
  }
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time per request, µs. */
  cpu: number;
  failed: number;
}

async function load(target: Running, duration: number): Promise<Sample> {
  const before = await cpuMicros(target.child);
  const result = await autocannon({ url: target.url, connections, duration, pipelining: 1 });
  const cpu = (await cpuMicros(target.child)) - before;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpu: cpu / Math.max(1, result.requests.total),
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const serverVersion = execFileSync(serverNode, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
const running: Running[] = [];
let exitCode = 0;
try {
  for (const target of TARGETS) running.push(await start(target.name, target.path));
  await Promise.all(running.map((r) => check(r.url)));

  const samples = new Map<string, Sample[]>(TARGETS.map((t) => [t.name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Interleaved, so a noisy neighbour on the machine hits every target alike.
    for (const [i, target] of TARGETS.entries()) {
      const server = running[i] as Running;
      await load(server, warmupSeconds);
      const sample = await load(server, seconds);
      samples.get(target.name)?.push(sample);
      process.stderr.write(`round ${round}/${rounds} ${target.name}: ${Math.round(sample.rps)} req/s, ${sample.cpu.toFixed(1)} µs CPU/req\n`);
    }
  }

  const bare = mean((samples.get('bare') ?? []).map((s) => s.rps));
  const bareCpu = mean((samples.get('bare') ?? []).map((s) => s.cpu));
  const lines = [
    `| server | req/s | p50 ms | p99 ms | × bare | server CPU µs/req | bare CPU ÷ this |`,
    `|---|---:|---:|---:|---:|---:|---:|`,
  ];
  let failed = 0;
  for (const target of TARGETS) {
    const list = samples.get(target.name) ?? [];
    const rps = mean(list.map((s) => s.rps));
    failed += list.reduce((n, s) => n + s.failed, 0);
    const cpu = mean(list.map((s) => s.cpu));
    const latency = `${mean(list.map((s) => s.p50)).toFixed(1)} | ${mean(list.map((s) => s.p99)).toFixed(1)}`;
    lines.push(
      `| ${target.label} | ${Math.round(rps)} | ${latency} | ${(rps / bare).toFixed(2)} | ${cpu.toFixed(1)} | ${(bareCpu / cpu).toFixed(2)} |`,
    );
  }
  const kitRatio = mean((samples.get('kit') ?? []).map((s) => s.rps)) / bare;
  console.log(`\n${connections} connections, ${rounds} × ${seconds} s per server after ${warmupSeconds} s warm-up, servers on Node ${serverVersion}\n`);
  console.log(lines.join('\n'));
  console.log(`\nkit service / bare = ${kitRatio.toFixed(2)} (target ≥ ${REQUIRED_RATIO}: ${kitRatio >= REQUIRED_RATIO ? 'met' : 'NOT met'})`);
  if (failed > 0) {
    console.error(`${failed} requests failed`);
    exitCode = 1;
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  for (const r of running) r.child.kill();
}
process.exit(exitCode);
