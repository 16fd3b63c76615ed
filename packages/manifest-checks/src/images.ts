// `pnpm images [--tag dev] [--docker]`: builds every image from the one Dockerfile
// (packages/kit/build/Dockerfile, `--build-arg SERVICE=<name>`) as shop/<name>:<tag> into minikube's own
// image store, where overlays/minikube runs them with imagePullPolicy: Never. `--docker` uses
// `docker build` instead, e.g. after `eval $(minikube docker-env)` or for a registry.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { IMAGES, imageBuild } from './image-builds.js';
import { repoRoot } from './overlays.js';

const { values } = parseArgs({
  // pnpm may forward a literal `--` ahead of the options
  args: process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')),
  options: { tag: { type: 'string', default: 'dev' }, docker: { type: 'boolean', default: false } },
});
for (const name of IMAGES) {
  const [command, ...args] = imageBuild(name, values.tag, values.docker) as [string, ...string[]];
  process.stdout.write(`$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`${command} could not start (${result.error.message}); is it installed and on PATH?\n`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}
