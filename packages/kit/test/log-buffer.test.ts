import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { CHUNK_BYTES, LogBuffer, writeAll } from '../src/observability/log-buffer.js';

it('hands on every line, in order and as UTF-8, in chunks no larger than one (an oversized line alone)', () => {
  const chunks: Buffer[] = [];
  const buffer = new LogBuffer((bytes) => chunks.push(Buffer.from(bytes)));
  const expected: string[] = [];
  for (let i = 0; i < 5_000; i++) {
    const big = i % 1_000 === 999;
    if (i % 3 === 0) {
      const line = `{"i":${i},"text":"${'é€😀'.repeat(i % 7)}"}\n`;
      buffer.write(line);
      expected.push(line);
    } else {
      const line = `{"i":${i},"ascii":"${'x'.repeat(big ? 70_000 : i % 300)}"}\n`;
      buffer.writeAscii(line);
      expected.push(line);
    }
  }
  buffer.flushSync();
  expect(Buffer.concat(chunks).equals(Buffer.from(expected.join(''), 'utf8'))).toBe(true);
  for (const chunk of chunks) {
    if (chunk.length > CHUNK_BYTES) expect(chunk.toString('latin1').split('\n').filter(Boolean)).toHaveLength(1);
  }
  const handed = chunks.length;
  expect(handed).toBeGreaterThan(5);
  buffer.flushSync(); // nothing gathered: no empty chunk
  expect(chunks).toHaveLength(handed);
});

it('writeAll waits out a full non-blocking pipe and delivers every byte in order', async () => {
  // The reader starts late, so the 64 KiB pipe fills and writes fail with EAGAIN or are partial.
  const reader = spawn(
    process.execPath,
    [
      '-e',
      `setTimeout(() => { const h = require('node:crypto').createHash('sha256'); let n = 0;
        process.stdin.on('data', (d) => { n += d.length; h.update(d); });
        process.stdin.on('end', () => process.stdout.write(n + ' ' + h.digest('hex'))); }, 300);`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let output = '';
  reader.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const closed = new Promise((resolve) => reader.on('close', resolve));
  // The parent's end of the pipe, non-blocking as libuv opens it.
  const fd = (reader.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  const bytes = randomBytes(4 * 1024 * 1024);
  writeAll(fd, bytes);
  reader.stdin.end();
  await closed;
  expect(output).toBe(`${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`);
});
