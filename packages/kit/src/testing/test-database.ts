import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** One test service's data: a fresh database of its own on the test server. */
export interface TestDatabase {
  /** Environment to give the service: its DATABASE_URL. */
  env: { DATABASE_URL: string };
  url: string;
  drop(): Promise<void>;
}

/** The server the tests use: DATABASE_URL (CI), or the local one the kit's vitest preset started. */
export function testServerUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('no test database server: run the tests through vitest (the kit preset starts one) or set DATABASE_URL');
  return url;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one service under test: concurrent test files never share state. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `shop_test_${label.replace(/\W/g, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    drop: () => admin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
