#!/usr/bin/env -S npx tsx
// CLI of bootstrap.ts. Exit 0 with the next commands; exit 2 with a clear message on bad input.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootstrap, bootstrapOptions, nextCommands } from './bootstrap.js';
import { findRepoRoot } from './repo.js';

const USAGE = 'usage: pnpm gitops:bootstrap -- --repo <https or ssh git URL of your fork> [--revision <branch>]';

function fail(message: string): never {
  process.stderr.write(`gitops:bootstrap: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(): void {
  // pnpm forwards the `--` separator itself; it is not an argument.
  const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
  let values: { repo?: string; revision?: string; root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { repo: { type: 'string' }, revision: { type: 'string' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.repo === undefined) fail('--repo is required');
  const parsed = bootstrapOptions.safeParse({ repo: values.repo, revision: values.revision });
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join('\n'));
  const root = values.root ?? findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const result = bootstrap(root, parsed.data);
  const lines = [
    `Pointed gitops/ at ${parsed.data.repo} (revision ${parsed.data.revision}); it pointed at ${result.previousRepo}.`,
    result.changedFiles.length > 0 ? `Changed: ${result.changedFiles.join(', ')}` : 'Nothing to change: gitops/ already points there.',
    '',
    'Next, from the repository root:',
    ...nextCommands(parsed.data, result.changedFiles).map((c) => `  ${c}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

try {
  main();
} catch (err) {
  fail((err as Error).message);
}
