// Test helpers: real processes, real databases. Never imported by service runtime code.
export { freePort } from './ports.js';
export { createTestDatabase, testServerUrl, type TestDatabase } from './test-database.js';
export { startServiceProcess, type ServiceProcess, type ServiceProcessOptions } from './service-process.js';
export { explain, recordingKysely, sequentialScans } from './query-plans.js';
export { startLocalServer, type LocalServer, type LocalServerOptions } from '../db/local-server.js';
export { startTcpProxy, type TcpProxy, type TcpFault } from './tcp-proxy.js';
