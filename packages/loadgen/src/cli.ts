#!/usr/bin/env node
import { OptionsError, parseOptions, usage } from './options.js';
import { startProgress } from './report/progress.js';
import { formatSummary } from './report/summary-text.js';
import { startLoad } from './run.js';

/** Runs the load generator; resolves with the process exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options;
  try {
    options = parseOptions(argv, env);
  } catch (err) {
    if (!(err instanceof OptionsError)) throw err;
    process.stderr.write(`loadgen: ${err.message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const { targets, shoppers, rate, durationS, requests } = options;
  const where = targets.mode === 'gateway' ? targets.urls.product : Object.entries(targets.urls).map(([k, v]) => `${k}=${v}`).join(' ');
  const bounds = [durationS > 0 ? `${durationS} s` : undefined, requests ? `${requests} requests` : undefined].filter(Boolean).join(' or ');
  process.stderr.write(
    `loadgen: ${shoppers} shoppers, ${rate > 0 ? `${rate} req/s` : 'unpaced'}, ${bounds || 'until stopped'} -> ${where}\n`,
  );

  const run = startLoad(options);
  const onSignal = () => run.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const stopProgress = options.quiet ? () => undefined : startProgress(run.stats, process.stderr, options.progressEverySec);
  const summary = await run.done;
  stopProgress();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${formatSummary(summary)}\n`);
  if (options.smoke && summary.smoke && !summary.smoke.passed) {
    process.stderr.write(`loadgen: smoke failed: ${summary.smoke.reason}\n`);
    return 1;
  }
  return 0;
}

const exitCode = await main(process.argv.slice(2), process.env);
process.exitCode = exitCode;
