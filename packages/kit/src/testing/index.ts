// Test helpers: real processes, real databases. Never imported by service runtime code.
export { freePort } from './ports.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
export { startServiceProcess, type ServiceProcess, type ServiceProcessOptions } from './service-process.js';
export { explain, recordingKysely, sequentialScans } from './query-plans.js';
