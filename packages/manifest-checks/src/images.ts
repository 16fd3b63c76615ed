// `pnpm images [--tag dev] [--docker]`: builds every image (packages/<name>/Dockerfile: the services, loadgen, storefront) as
// shop/<name>:<tag> into minikube's own image store, where overlays/minikube runs them with
// imagePullPolicy: Never. `--docker` uses `docker build` instead, e.g. after
// `eval $(minikube docker-env)` or for a registry.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './overlays.js';

const IMAGES = ['product', 'cart', 'user', 'order', 'loadgen', 'storefront'];

const { values } = parseArgs({
  // pnpm may forward a literal `--` ahead of the options
  args: process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')),
  options: { tag: { type: 'string', default: 'dev' }, docker: { type: 'boolean', default: false } },
});

for (const name of IMAGES) {
  const dockerfile = join('packages', name, 'Dockerfile');
  if (!existsSync(join(repoRoot, dockerfile))) {
    process.stdout.write(`skip ${name}: no ${dockerfile}\n`);
    continue;
  }
  const image = `shop/${name}:${values.tag}`;
  const [command, ...args] = values.docker
    ? ['docker', 'build', '-f', dockerfile, '-t', image, '.']
    : ['minikube', 'image', 'build', '-f', dockerfile, '-t', image, '.'];
  process.stdout.write(`$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`${command} could not start (${result.error.message}); is it installed and on PATH?\n`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}
