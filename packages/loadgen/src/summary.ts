import type { OrderOutcomes } from './shopper.js';
import type { LatencySummary, ProcedureSummary } from './stats.js';

/** The end-of-run report; `--json` prints exactly this. */
export interface LoadSummary {
  startedAt: string;
  durationS: number;
  target: { mode: 'gateway' | 'services'; urls: Record<string, string> };
  settings: { shoppers: number; rate: number; durationS: number; requests: number | null; seed: number };
  totals: { requests: number; errors: number; errorRate: number; ratePerS: number } & LatencySummary;
  procedures: Record<string, ProcedureSummary>;
  orders: OrderOutcomes;
  shoppersRegistered: number;
  productsSeen: number;
  /** Present with --smoke: did the run stay under the error threshold? */
  smoke?: { passed: boolean; maxErrorRate: number; reason: string };
}

/** Smoke verdict: some traffic, and an error rate no higher than the threshold. */
export function smokeVerdict(summary: Pick<LoadSummary, 'totals'>, maxErrorRate: number): NonNullable<LoadSummary['smoke']> {
  const { requests, errors, errorRate } = summary.totals;
  if (requests === 0) return { passed: false, maxErrorRate, reason: 'no request was sent' };
  const rate = `${errors} of ${requests} requests failed (${(errorRate * 100).toFixed(2)}%)`;
  return errorRate > maxErrorRate
    ? { passed: false, maxErrorRate, reason: `${rate}, above the ${(maxErrorRate * 100).toFixed(2)}% threshold` }
    : { passed: true, maxErrorRate, reason: `${rate}, within the ${(maxErrorRate * 100).toFixed(2)}% threshold` };
}
