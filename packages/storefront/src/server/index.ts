// The server parts other packages' tests and tools reuse.
export { createTrpcProxy, serviceOfPath, upstreamsFromEnv, type Upstreams } from './trpc-proxy.js';
export { SERVICES } from './settings.js';
