import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { currentRequestScope } from '../http/request-scope.js';
import { httpFetch, type HttpRequestInit, type HttpResponse } from './http-fetch.js';

export interface ServiceClientOptions {
  /** Deadline of each call, in milliseconds. */
  timeoutMs?: number;
  /** Name shown on client spans; defaults to the URL's host. */
  peerName?: string;
}

export type ServiceClient<TRouter extends AnyTRPCRouter> = TRPCClient<TRouter>;

const tracer = trace.getTracer('@shop/kit/client');

/**
 * A typed client for another service's router. One HTTP request per call (no batching), keep-alive
 * connections (node:http agents), a deadline per call, and the incoming request's
 * trace context, `x-request-id` and `Authorization` forwarded.
 */
export function createServiceClient<TRouter extends AnyTRPCRouter>(
  baseUrl: string,
  options: ServiceClientOptions = {},
): ServiceClient<TRouter> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const peer = options.peerName ?? new URL(baseUrl).host;

  const tracedFetch = async (input: string | URL, init: HttpRequestInit = {}): Promise<HttpResponse> => {
    const url = typeof input === 'string' ? new URL(input) : input;
    const procedure = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    const span = tracer.startSpan(`${init.method ?? 'GET'} ${procedure}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'rpc.system': 'trpc', 'rpc.method': procedure, 'server.address': peer, 'url.full': url.href },
    });
    const headers: Record<string, string> = { ...init.headers };
    const scope = currentRequestScope();
    if (scope) {
      headers['x-request-id'] = scope.requestId;
      if (scope.authorization && !headers.authorization) headers.authorization = scope.authorization;
    }
    propagation.inject(trace.setSpan(context.active(), span), headers);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      const response = await httpFetch(url, { ...init, headers, signal });
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  };

  return createTRPCClient<TRouter>({
    // Our routers use no transformer; the generic router type cannot show that, hence the cast.
    links: [httpLink({ url: `${baseUrl.replace(/\/+$/, '')}/trpc`, fetch: tracedFetch } as unknown as Parameters<typeof httpLink<TRouter>>[0])],
  });
}
