// `pnpm bench --only startup`: spawn-to-ready alone, many restarts, each service with and without the
// compile cache its image ships, interleaved with the baseline so every ratio is taken against starts
// made under the same load. Also the CPU each start used (the machine is shared: CPU is steadier than
// wall time).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { median } from './report.js';
import { spawnBundle } from './process.js';

export interface StartupTarget {
  name: string;
  file: string;
  env: Record<string, string>;
  port: number;
}

export interface StartupRow {
  name: string;
  readyMs: number;
  readyRatio: number;
  cpuMs: number;
  cpuRatio: number;
  starts: number;
}

/** On-CPU time of every thread of a process so far, from /proc/<pid>/task/<tid>/schedstat (ns precision). */
async function onCpuMs(pid: number): Promise<number> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  let ns = 0;
  for (const tid of tasks) ns += Number((await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0')).split(' ')[0]);
  return ns / 1e6;
}

/**
 * Starts every target `rounds` times, round-robin (so load on the machine falls on all of them alike),
 * and gives each one's median spawn-to-ready and on-CPU time, also as ratios to the first target's.
 */
export async function measureStartups(
  targets: readonly StartupTarget[],
  rounds: number,
  options: { node: string; logDir: string; log: (line: string) => void },
): Promise<StartupRow[]> {
  const ready = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  const cpu = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const proc = await spawnBundle({ name: t.name, file: t.file, port: t.port, env: t.env, logFile: join(options.logDir, `${t.name}.log`), node: options.node });
      ready.get(t.name)?.push(proc.readyMs);
      cpu.get(t.name)?.push(await onCpuMs(proc.pid));
      await proc.stop();
    }
    if ((round + 1) % 5 === 0 || round + 1 === rounds) options.log(`start-up: ${round + 1}/${rounds} rounds`);
  }
  const first = targets[0]?.name ?? '';
  const baseReady = median(ready.get(first) ?? []);
  const baseCpu = median(cpu.get(first) ?? []);
  const r = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  return targets.map((t) => {
    const readyMs = median(ready.get(t.name) ?? []);
    const cpuMs = median(cpu.get(t.name) ?? []);
    return { name: t.name, readyMs: r(readyMs, 1), readyRatio: r(readyMs / baseReady), cpuMs: r(cpuMs, 1), cpuRatio: r(cpuMs / baseCpu), starts: rounds };
  });
}

export function renderStartup(rows: readonly StartupRow[], heading: string, limit: number): string {
  const lines = [
    heading,
    '',
    '| process | spawn→ready ms (median) | vs baseline | on-CPU ms to ready (median) | vs baseline |',
    '|:--|--:|--:|--:|--:|',
    ...rows.map((row) => `| ${row.name} | ${row.readyMs.toFixed(1)} | ${row.readyRatio.toFixed(2)}× | ${row.cpuMs.toFixed(1)} | ${row.cpuRatio.toFixed(2)}× |`),
  ];
  const missed = rows.filter((row) => row.readyRatio > limit);
  lines.push('', missed.length === 0 ? `Every spawn-to-ready within ${limit}× the baseline.` : `Over ${limit}× the baseline: ${missed.map((m) => `${m.name} ${m.readyRatio}×`).join(', ')}.`);
  return lines.join('\n');
}
