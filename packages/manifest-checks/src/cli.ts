// `pnpm --filter @shop/manifest-checks check [overlay...]`: render each overlay and print every problem.
import { checkManifests } from './check.js';
import { OVERLAYS, overlayPath } from './overlays.js';
import { renderKustomization } from './render.js';

const overlays = process.argv.length > 2 ? process.argv.slice(2) : [...OVERLAYS];
let problems = 0;
for (const overlay of overlays) {
  try {
    const objects = await renderKustomization(overlayPath(overlay));
    const messages = checkManifests(objects);
    problems += messages.length;
    process.stdout.write(`${overlay}: ${objects.length} objects, ${messages.length} problems\n`);
    for (const message of messages) process.stdout.write(`  ${message}\n`);
  } catch (err) {
    problems += 1;
    process.stdout.write(`${overlay}: ${(err as Error).message}\n`);
  }
}
process.exitCode = problems === 0 ? 0 : 1;
