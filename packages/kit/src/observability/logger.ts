import { pino, type Logger, type DestinationStream } from 'pino';
import { trace } from '@opentelemetry/api';
import { currentRequestScope } from '../http/request-scope.js';
import { LogBuffer, writeAll } from './log-buffer.js';

export type { Logger };

/** Adds the active trace and request to every line, so logs join traces in Grafana/Jaeger. */
export function correlation(): Record<string, string> {
  const fields: Record<string, string> = {};
  const span = trace.getActiveSpan()?.spanContext();
  if (span) {
    fields.trace_id = span.traceId;
    fields.span_id = span.spanId;
  }
  const scope = currentRequestScope();
  if (scope) fields.request_id = scope.requestId;
  return fields;
}

/** Pretty output only when a person is watching a terminal and pino-pretty is installed (never in images). */
async function prettyStream(): Promise<DestinationStream | undefined> {
  if (!process.stdout.isTTY || process.env.LOG_FORMAT === 'json') return undefined;
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}

export async function createLogger(options: { name: string; version: string; level: string }): Promise<Logger> {
  const stream = await prettyStream();
  return pino(
    {
      level: options.level,
      base: { service: options.name, version: options.version },
      mixin: correlation,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.passwordHash'], censor: '[redacted]' },
    },
    stream ?? bufferedStdout(),
  );
}

/** stdout gathered into chunks, flushed every 250 ms so lines still arrive promptly, and at exit. */
function bufferedStdout(): LogBuffer {
  const buffer = new LogBuffer((bytes) => writeAll(1, bytes));
  setInterval(() => buffer.flushSync(), 250).unref();
  process.once('exit', () => buffer.flushSync());
  return buffer;
}
