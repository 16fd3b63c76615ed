import { createTestDatabase, startServiceProcess, type ServiceProcess, type TestDatabase } from '../../src/testing/index.js';

export const echoEntry = new URL('../fixtures/echo-service.ts', import.meta.url).pathname;

/** Starts the echo fixture as a real process on its own fresh database. */
export async function startEcho(name: string, env: Record<string, string> = {}): Promise<{ service: ServiceProcess; db: TestDatabase }> {
  const db = await createTestDatabase(name);
  const service = await startServiceProcess({ name, entry: echoEntry, env: { ...db.env, ECHO_NAME: name, ...env } });
  return { service, db };
}

/** Lines of the process's JSON log. */
export function logLines(service: ServiceProcess): Array<Record<string, unknown>> {
  return service
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
