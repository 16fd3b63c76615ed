import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('the check CLI', () => {
  it('renders every overlay, reports no problem and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli]);
    expect(stdout).toMatch(/^overlays\/minikube: \d+ objects, 0 problems$/m);
    expect(stdout).toMatch(/^overlays\/production: \d+ objects, 0 problems$/m);
  });

  it('exits 1 and says why for an overlay that does not render', async () => {
    const failed = run(process.execPath, ['--import', 'tsx', cli, 'overlays/staging']);
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/overlays\/staging: kubectl kustomize .* failed/) as unknown });
  });
});
