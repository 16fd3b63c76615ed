import type { IncomingMessage, ServerResponse } from 'node:http';
import { INVALID_TRACEID, type SpanContext } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';
import { correlation } from '../observability/logger.js';

/** Logs one finished (or abandoned) request, with the trace and request it belongs to. */
export type RequestLog = (req: IncomingMessage, res: ServerResponse, id: string, durationMs: number, span: SpanContext | undefined) => void;

type Level = 'info' | 'warn' | 'error';

const S = pino.symbols;
/** Characters a JSON string must escape; most request ids, methods and URLs have none. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;
const quote = (value: string | undefined): string =>
  value === undefined ? 'null' : NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
const cachedTimes = new Set<unknown>([pino.stdTimeFunctions.isoTime, pino.stdTimeFunctions.epochTime]);

/**
 * Writes a line from `fields` (what follows the logger's time and bindings, as pino would write them) with
 * pino's internals, or is undefined when this logger does more than we copy.
 */
function lineWriter(log: Logger): ((level: Level, msg: string, fields: string) => void) | undefined {
  const internals = log as unknown as Record<symbol, unknown>;
  const stream = internals[S.streamSym] as { write(s: string): void; [key: symbol]: unknown };
  const formatters = internals[Symbol.for('pino.formatters')] as { log?: unknown } | undefined;
  const hooks = internals[Symbol.for('pino.hooks')] as { streamWrite?: unknown } | undefined;
  const serializers = internals[S.serializersSym] as Record<string, unknown>;
  const mixin = internals[S.mixinSym];
  if (
    formatters?.log ||
    hooks?.streamWrite ||
    internals[S.nestedKeySym] ||
    stream[S.needsMetadataGsym] === true ||
    (mixin !== undefined && mixin !== correlation) ||
    ['req', 'res', 'responseTime'].some((key) => serializers[key])
  ) {
    return undefined;
  }
  const levels = internals[S.lsCacheSym] as Record<number, string>;
  const time = internals[S.timeSym] as () => string;
  const bindings = internals[S.chindingsSym] as string;
  const end = internals[S.endSym] as string;
  const messageKey = JSON.stringify(internals[S.messageKeySym]);
  // Millisecond timestamps are the same for every line within a millisecond: made once per millisecond.
  const cache = cachedTimes.has(time);
  let lastMs = -1;
  let lastTime = '';
  return (level, msg, fields) => {
    let stamp: string;
    if (cache) {
      const now = Date.now();
      if (now !== lastMs) {
        lastMs = now;
        lastTime = time();
      }
      stamp = lastTime;
    } else {
      stamp = time();
    }
    const value = log.levels.values[level] as number;
    stream.write(`${levels[value]}${stamp}${bindings}${fields},${messageKey}:${JSON.stringify(msg)}${end}`);
  };
}

/**
 * One line per request with the fields pino-http writes — req {id, method, url}, res {statusCode},
 * responseTime — plus trace_id, span_id and request_id, at info, warn (4xx) or error (5xx). pino-http's
 * two child loggers per request, and even one generic pino call, cost more than serving a small tRPC
 * call; the line's fields are fixed, so it is written as pino would write it (its level label, time,
 * bindings and stream) from one template. Loggers with hooks we do not copy get a plain pino call.
 */
export function createRequestLog(log: Logger): RequestLog {
  const write = lineWriter(log);
  return (req, res, id, durationMs, span) => {
    const statusCode = res.statusCode;
    const level: Level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    if (!log.isLevelEnabled(level)) return;
    const msg = statusCode >= 500 ? 'request errored' : 'request completed';
    const responseTime = Math.round(durationMs);
    // The server's own span: its ids are well-formed, or the invalid all-zero ones when tracing is suppressed.
    const traced = span && span.traceId !== INVALID_TRACEID ? span : undefined;
    if (!write) {
      const trace = traced ? { trace_id: traced.traceId, span_id: traced.spanId } : {};
      log[level]({ ...trace, request_id: id, req: { id, method: req.method, url: req.url }, res: { statusCode }, responseTime }, msg);
      return;
    }
    const quotedId = quote(id);
    const trace = traced ? `,"trace_id":"${traced.traceId}","span_id":"${traced.spanId}"` : '';
    write(
      level,
      msg,
      `${trace},"request_id":${quotedId},"req":{"id":${quotedId},` +
        `"method":${quote(req.method)},"url":${quote(req.url)}},"res":{"statusCode":${statusCode}},"responseTime":${responseTime}`,
    );
  };
}
