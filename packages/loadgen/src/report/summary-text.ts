import type { LoadSummary } from '../summary.js';
import { ms, renderTable } from './table.js';

/** The human summary: one row per procedure, then totals, orders and the smoke verdict. */
export function formatSummary(summary: LoadSummary): string {
  const rows = Object.entries(summary.procedures).map(([name, p]) => [
    name,
    String(p.count),
    String(p.errors),
    Object.entries(p.errorsByCode)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ') || '-',
    ms(p.p50Ms),
    ms(p.p95Ms),
    ms(p.p99Ms),
    ms(p.maxMs),
  ]);
  const t = summary.totals;
  rows.push(['total', String(t.requests), String(t.errors), '', ms(t.p50Ms), ms(t.p95Ms), ms(t.p99Ms), ms(t.maxMs)]);
  const table = renderTable(['procedure', 'count', 'errors', 'by code', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows, 1);
  const target = summary.target.mode === 'gateway' ? `gateway ${summary.target.urls.product}` : 'per-service URLs';
  const lines = [
    '',
    table,
    '',
    `${t.requests} requests in ${summary.durationS.toFixed(1)} s (${t.ratePerS} req/s) against ${target}; ` +
      `errors ${t.errors} (${(t.errorRate * 100).toFixed(2)}%)`,
    `orders: ${summary.orders.CONFIRMED} confirmed, ${summary.orders.FAILED} failed, ${summary.orders.PENDING} pending; ` +
      `${summary.shoppersRegistered} shoppers registered, ${summary.productsSeen} products seen; seed ${summary.settings.seed}`,
  ];
  if (summary.smoke) lines.push(`smoke ${summary.smoke.passed ? 'PASSED' : 'FAILED'}: ${summary.smoke.reason}`);
  return lines.join('\n');
}
