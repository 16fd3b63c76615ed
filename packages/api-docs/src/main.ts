// `pnpm api:docs`: writes docs/api.md from the routers. `--check` writes nothing and exits 1 when the
// file is stale; `--out FILE` names another file (tests).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { contractPath } from './paths.js';
import { renderContract } from './contract.js';

const { values } = parseArgs({
  // pnpm may forward a literal `--` ahead of the options
  args: process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')),
  options: { check: { type: 'boolean', default: false }, out: { type: 'string', default: contractPath } },
});
const file = values.out;
const text = renderContract();
if (values.check) {
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current !== text) {
    process.stderr.write(`${file} is stale: run \`pnpm api:docs\`\n`);
    process.exit(1);
  }
  process.stdout.write(`${file} is up to date\n`);
} else {
  await writeFile(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
