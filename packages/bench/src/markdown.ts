import type { BenchReport } from './report.js';

const row = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;
const header = (cells: readonly string[], align: string) => [row(cells), `|${align}|`];
const x = (n: number) => `${n < 0.1 ? n.toFixed(3) : n.toFixed(2)}×`;
const errors = (n: number, byCode: Record<string, number>) =>
  n === 0 ? '0' : `**${n}** (${Object.entries(byCode).map(([code, count]) => `${code} ${count}`).join(', ')})`;

/** CPU ms per request by process, per scenario: where a call's cost lands (autocannon is the client). */
function cpuTable(report: BenchReport): string[] {
  const names = [...new Set(report.throughput.flatMap((t) => Object.keys(t.cpuMsPerRequest)))];
  if (names.length === 0) return [];
  return [
    ...header(['CPU ms per request', ...names], `:--|${names.map(() => '--:').join('|')}`),
    ...report.throughput.map((t) => row([`\`${t.name}\``, ...names.map((n) => (t.cpuMsPerRequest[n] === undefined ? '' : t.cpuMsPerRequest[n].toFixed(3)))])),
  ];
}

/** The report as markdown: what `pnpm bench` prints and what the README quotes. */
export function renderMarkdown(report: BenchReport): string {
  const e = report.environment;
  const lines = [
    `### ${report.date.slice(0, 16).replace('T', ' ')} UTC${report.quick ? ' (quick)' : ''}`,
    '',
    `${e.cpus} × ${e.cpuModel}, ${e.memoryGiB} GiB, Node ${e.node}; database ${e.database}; ${e.logging}; ${e.tracing}. ` +
      `Warm-up ${report.settings.warmupS} s, then ${report.settings.seconds} s per row.`,
    '',
    ...header(['scenario', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'vs baseline', 'target', 'errors'], ':--|--:|--:|--:|--:|--:|--:|--:'),
    ...report.throughput.map((t) =>
      row([
        `\`${t.name}\` — ${t.note}`,
        t.connections,
        t.requestsPerS.toFixed(0),
        t.p50Ms.toFixed(2),
        t.p99Ms.toFixed(2),
        x(t.ratio),
        t.minRatio === null ? '' : `≥ ${t.minRatio}${t.ratio >= t.minRatio ? '' : ' **missed**'}`,
        errors(t.errors + t.warmupErrors, t.errorsByCode),
      ]),
    ),
    '',
    ...cpuTable(report),
    '',
    ...header(
      ['process', 'bundle KiB', 'spawn→ready ms', 'vs baseline', 'first start ms', 'RSS idle MiB', 'vs baseline', 'RSS after load MiB', 'peak MiB'],
      ':--|--:|--:|--:|--:|--:|--:|--:|--:',
    ),
    ...report.processes.map((p) =>
      row([
        p.name,
        p.bundleKiB === null ? '' : p.bundleKiB.toFixed(0),
        p.readyMs.toFixed(0),
        x(p.readyRatio),
        p.firstReadyMs.toFixed(0),
        p.rssIdleMiB.toFixed(1),
        x(p.rssIdleRatio),
        p.rssAfterMiB.toFixed(1),
        p.peakMiB.toFixed(1),
      ]),
    ),
    '',
  ];
  const missed = report.checks.filter((c) => !c.pass);
  lines.push(
    missed.length === 0
      ? `All ${report.checks.length} targets met.`
      : `Missed ${missed.length} of ${report.checks.length} targets: ${missed.map((c) => `${c.what} ${c.value} (needs ${c.limit})`).join('; ')}.`,
  );
  return lines.join('\n');
}
