import { Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { CallResult } from '../http/trpc-handler.js';
import { RpcCallStats, type RegistrableMetric } from './rpc-metrics.js';

/** One registry per process; services add their business metrics to it with `metricsRegistry`. */
export const metricsRegistry = new Registry();

const RPC_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Created by the first setupMetrics(): before it, as before, calls are not recorded.
let rpcCalls: RpcCallStats | undefined;
let rpcMetrics: RegistrableMetric[] = [];

/** Safe to call again (tests start services in one process): the metrics are registered once. */
export function setupMetrics(service: string, version: string): void {
  metricsRegistry.setDefaultLabels({ service, version });
  // collectDefaultMetrics() throws when its metrics are already in the registry (and would start a second
  // event-loop monitor), so it runs only when they are not.
  if (!metricsRegistry.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register: metricsRegistry });
  if (!rpcCalls) {
    rpcCalls = new RpcCallStats(RPC_DURATION_BUCKETS);
    rpcMetrics = [
      rpcCalls.counter({
        name: 'rpc_server_requests_total',
        help: 'tRPC procedure calls served, by procedure and result code',
        labelNames: ['procedure', 'type', 'code'],
      }),
      rpcCalls.histogram({
        name: 'rpc_server_duration_seconds',
        help: 'tRPC procedure call duration, by procedure and result code',
        labelNames: ['procedure', 'type', 'code'],
      }),
    ];
  }
  // Registering the same object again is a no-op for the Registry. Its types list only prom-client's own
  // classes, but at run time it takes any object with name, help, type, get() and reset().
  for (const metric of rpcMetrics) metricsRegistry.registerMetric(metric as unknown as Metric);
}

/** Called once per tRPC call: three nested Map lookups and a few additions (see rpc-metrics.ts). */
export function recordCall(result: CallResult): void {
  rpcCalls?.record(result.path, result.type, result.code, result.durationMs / 1000);
}
