import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallResult } from '../http/trpc-handler.js';

/** One registry per process; services add their business metrics to it with `metricsRegistry`. */
export const metricsRegistry = new Registry();

let rpcRequests: Counter<'procedure' | 'type' | 'code'> | undefined;
let rpcDuration: Histogram<'procedure' | 'type' | 'code'> | undefined;

export function setupMetrics(service: string, version: string): void {
  metricsRegistry.setDefaultLabels({ service, version });
  collectDefaultMetrics({ register: metricsRegistry });
  rpcRequests = new Counter({
    name: 'rpc_server_requests_total',
    help: 'tRPC procedure calls served, by procedure and result code',
    labelNames: ['procedure', 'type', 'code'],
    registers: [metricsRegistry],
  });
  rpcDuration = new Histogram({
    name: 'rpc_server_duration_seconds',
    help: 'tRPC procedure call duration, by procedure and result code',
    labelNames: ['procedure', 'type', 'code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  });
}

// Label children by "procedure type code": prom-client otherwise hashes the label object on every call.
const children = new Map<string, { requests: { inc(): void }; duration: { observe(v: number): void } }>();

export function recordCall(result: CallResult): void {
  if (!rpcRequests || !rpcDuration) return;
  const key = `${result.path} ${result.type} ${result.code}`;
  let child = children.get(key);
  if (!child) {
    const labels = { procedure: result.path, type: result.type, code: result.code };
    child = { requests: rpcRequests.labels(labels), duration: rpcDuration.labels(labels) };
    children.set(key, child);
  }
  child.requests.inc();
  child.duration.observe(result.durationMs / 1000);
}
