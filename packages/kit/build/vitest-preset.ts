// Every package tests the same way: files under test/, real processes (hence forks and long timeouts), and
// a real PostgreSQL: DATABASE_URL's, or one started for the run when it is unset.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: [fileURLToPath(new URL('./test-database-server.ts', import.meta.url))],
  },
});
