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
  lines.push(...extraSections(report));
  const missed = report.checks.filter((c) => !c.pass);
  lines.push(
    missed.length === 0
      ? `All ${report.checks.length} targets met.`
      : `Missed ${missed.length} of ${report.checks.length} targets: ${missed.map((c) => `${c.what} ${c.value} (needs ${c.limit})`).join('; ')}.`,
  );
  return lines.join('\n');
}

/** The catalog cache's staleness, the hot queries at both sizes and the flash sale, when measured. */
function extraSections(report: BenchReport): string[] {
  const out: string[] = [];
  const st = report.staleness;
  if (st) {
    out.push(
      `Catalog cache staleness, ${st.replicas} product replicas, ${st.changes} stock changes (commit → every replica serving it): ` +
        `p50 ${st.p50Ms} ms, p99 ${st.p99Ms} ms, max ${st.maxMs} ms (from the row's write, commit included: p99 ${st.fromWrite.p99Ms} ms); ` +
        `${st.staleAfterBound} answers older than the bound allows, ${st.regressions} regressions.`,
      '',
    );
  }
  const sc = report.scale;
  if (sc) {
    out.push(
      ...header(['hot query', `p99 ms at ${sc.small}`, `p99 ms at ${sc.large}`, 'ratio', 'target', 'errors'], ':--|--:|--:|--:|--:|--:'),
      ...sc.queries.map((q) =>
        row([`${q.name} — ${q.note}`, q.p99SmallMs.toFixed(2), q.p99LargeMs.toFixed(2), `${q.ratio.toFixed(2)}×`, `≤ 2${q.ratio <= 2 ? '' : ' **missed**'}`, q.errors]),
      ),
      '',
    );
  }
  const fs = report.flashSale;
  if (fs) {
    out.push(
      `Flash sale: ${fs.buyers} buyers, one product, stock ${fs.stock}: ${fs.sold} sold, ${fs.soldOut} told sold out, ` +
        `${Object.values(fs.errors).reduce((a, b) => a + b, 0)} other answers, stock left ${fs.stockLeft}; ` +
        `${fs.ordersPerS.toFixed(0)} orders/s, p50 ${fs.p50Ms} ms, p99 ${fs.p99Ms} ms over ${fs.durationS} s.`,
      '',
    );
  }
  return out;
}
