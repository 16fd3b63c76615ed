import type { IncomingMessage, ServerResponse } from 'node:http';
import { INVALID_TRACEID, type SpanContext } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';
import { LogBuffer } from '../observability/log-buffer.js';
import { correlation } from '../observability/logger.js';

/** Logs one finished (or abandoned) request, with the trace and request it belongs to. */
export type RequestLog = (req: IncomingMessage, res: ServerResponse, id: string, durationMs: number, span: SpanContext | undefined) => void;

type Level = 'info' | 'warn' | 'error';

const S = pino.symbols;
/** Characters a JSON string must escape, and all that is not ASCII; most request ids, methods and URLs have none. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;
const NOT_ASCII = /[^\u0000-\u007f]/;
const plain = (value: string | undefined): boolean => value === undefined || !NEEDS_ESCAPE.test(value);
const quote = (value: string | undefined): string => (value === undefined ? 'null' : plain(value) ? `"${value}"` : JSON.stringify(value));
/** Time formats that are the same for every line within a millisecond. */
const millisecondTimes = new Set<unknown>([pino.stdTimeFunctions.isoTime, pino.stdTimeFunctions.epochTime]);
const LEVELS = ['info', 'warn', 'error'] as const;
const MESSAGES: Record<Level, string> = { info: 'request completed', warn: 'request completed', error: 'request errored' };

/** Writes one request's line, given its level and the fields it carries, and whether those are ASCII. */
type LineWriter = (level: Level, fields: string, ascii: boolean) => void;

/**
 * Writes lines of `fields` (what follows the logger's time and bindings, as pino would write them) with
 * pino's internals into the kit's LogBuffer, or is undefined when this logger writes elsewhere or does
 * more than we copy. What every line at a level shares (its level label, its message) is made once, and
 * the time and bindings once a millisecond.
 */
function lineWriter(log: Logger): LineWriter | undefined {
  const internals = log as unknown as Record<symbol, unknown>;
  const stream = internals[S.streamSym];
  const formatters = internals[Symbol.for('pino.formatters')] as { log?: unknown } | undefined;
  const hooks = internals[Symbol.for('pino.hooks')] as { streamWrite?: unknown } | undefined;
  const serializers = internals[S.serializersSym] as Record<string, unknown>;
  const mixin = internals[S.mixinSym];
  const time = internals[S.timeSym];
  if (
    !(stream instanceof LogBuffer) ||
    !millisecondTimes.has(time) ||
    formatters?.log ||
    hooks?.streamWrite ||
    internals[S.nestedKeySym] ||
    (mixin !== undefined && mixin !== correlation) ||
    ['req', 'res', 'responseTime'].some((key) => serializers[key])
  ) {
    return undefined;
  }
  const timestamp = time as () => string;
  const labels = internals[S.lsCacheSym] as Record<number, string>;
  const messageKey = JSON.stringify(internals[S.messageKeySym]);
  const end = internals[S.endSym] as string;
  const starts = {} as Record<Level, string>;
  const ends = {} as Record<Level, string>;
  for (const level of LEVELS) {
    starts[level] = labels[log.levels.values[level] as number] ?? '';
    ends[level] = `,${messageKey}:${JSON.stringify(MESSAGES[level])}${end}`;
  }
  const constantsAscii = LEVELS.every((level) => !NOT_ASCII.test(starts[level]) && !NOT_ASCII.test(ends[level]));
  let lastMs = -1;
  let bindings: unknown;
  let middle = '';
  let middleAscii = false;
  return (level, fields, ascii) => {
    const now = Date.now();
    const current = internals[S.chindingsSym];
    if (now !== lastMs || current !== bindings) {
      lastMs = now;
      bindings = current;
      middle = `${timestamp()}${current as string}`;
      middleAscii = !NOT_ASCII.test(middle);
    }
    const line = `${starts[level]}${middle}${fields}${ends[level]}`;
    if (ascii && constantsAscii && middleAscii) stream.writeAscii(line);
    else stream.write(line);
  };
}

/**
 * One line per request with the fields pino-http writes — req {id, method, url}, res {statusCode},
 * responseTime — plus trace_id, span_id and request_id, at info, warn (4xx) or error (5xx). pino-http's
 * two child loggers per request, and even one generic pino call, cost more than serving a small tRPC
 * call; the line's fields are fixed, so it is written as pino would write it (its level label, time,
 * bindings) from one template, into the kit's LogBuffer. Loggers that write elsewhere or have hooks we
 * do not copy get a plain pino call.
 */
export function createRequestLog(log: Logger): RequestLog {
  const write = lineWriter(log);
  return (req, res, id, durationMs, span) => {
    const statusCode = res.statusCode;
    const level: Level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    if (!log.isLevelEnabled(level)) return;
    const responseTime = Math.round(durationMs);
    // The server's own span: its ids are well-formed, or the invalid all-zero ones when tracing is suppressed.
    const traced = span && span.traceId !== INVALID_TRACEID ? span : undefined;
    if (!write) {
      const trace = traced ? { trace_id: traced.traceId, span_id: traced.spanId } : {};
      log[level]({ ...trace, request_id: id, req: { id, method: req.method, url: req.url }, res: { statusCode }, responseTime }, MESSAGES[level]);
      return;
    }
    const { method, url } = req;
    // Trace and span ids are hex: the propagators and the id generator make no others.
    const trace = traced ? `,"trace_id":"${traced.traceId}","span_id":"${traced.spanId}"` : '';
    const ascii = method !== undefined && url !== undefined && plain(id) && plain(method) && plain(url);
    const tail = `"res":{"statusCode":${statusCode}},"responseTime":${responseTime}`;
    // The common case spelled out with its quotes: going through quote() costs two more concatenations.
    if (ascii) {
      write(level, `${trace},"request_id":"${id}","req":{"id":"${id}","method":"${method}","url":"${url}"},${tail}`, true);
      return;
    }
    const quotedId = quote(id);
    write(level, `${trace},"request_id":${quotedId},"req":{"id":${quotedId},"method":${quote(method)},"url":${quote(url)}},${tail}`, false);
  };
}
