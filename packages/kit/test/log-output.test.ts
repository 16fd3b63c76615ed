import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const writer = fileURLToPath(new URL('./fixtures/log-writer.ts', import.meta.url));

/** Runs the writer and returns its stdout lines, parsed. */
function run(env: Record<string, string>): { status: number | null; lines: Record<string, unknown>[] } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', writer], {
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  return { status: result.status, lines: result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

it('buffered stdout keeps every line, in order, multi-byte text and a line larger than a chunk intact', () => {
  const { status, lines } = run({ LINES: '3000' });
  expect(status).toBe(0);
  expect(lines).toHaveLength(3002);
  lines.slice(0, 3000).forEach((line, i) => {
    expect(line.i).toBe(i);
    expect(line.text).toBe('é€😀'.repeat(i % 4));
  });
  expect((lines[3000]?.big as string).length).toBe(200_000);
  expect(lines[3001]).toMatchObject({ msg: 'last', service: 'writer', level: 'info' });
});

it('lines still buffered when the process exits are written', () => {
  const { status, lines } = run({ LINES: '500', EXIT: 'exit' });
  expect(status).toBe(3);
  expect(lines).toHaveLength(502);
  expect(lines.at(-1)).toMatchObject({ msg: 'last' });
});
