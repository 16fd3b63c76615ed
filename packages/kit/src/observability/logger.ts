import { pino, type Logger, type DestinationStream } from 'pino';
import { trace } from '@opentelemetry/api';
import { currentRequestScope } from '../http/request-scope.js';

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

/** Characters gathered before one write to stdout. */
const CHUNK_CHARS = 65_536;

/**
 * stdout written in chunks of about 64 KiB rather than one write per line (a syscall per request cost more
 * than the request), flushed every 250 ms so lines still arrive promptly, and on flush() and exit. Lines
 * are kept as they come and joined once per chunk: sonic-boom's own `minLength` buffering measures its
 * whole pending string on every write. Chunks are written synchronously, like pino's default destination,
 * so nothing is in flight when the process exits (an async write still running then loses or reorders
 * the rest).
 */
function bufferedStdout(): DestinationStream & { flush(cb?: (err?: Error) => void): void; flushSync(): void } {
  const destination = pino.destination({ dest: 1, sync: true });
  let lines: string[] = [];
  let size = 0;
  const drain = () => {
    if (size === 0) return;
    const chunk = lines.join('');
    lines = [];
    size = 0;
    destination.write(chunk);
  };
  const tryDrain = () => {
    try {
      drain();
    } catch {
      // stdout already closed at shutdown: nothing left to write to
    }
  };
  setInterval(tryDrain, 250).unref();
  process.once('exit', tryDrain);
  return {
    write(line: string) {
      lines.push(line);
      size += line.length;
      if (size >= CHUNK_CHARS) drain();
    },
    flush(cb) {
      try {
        drain();
        cb?.();
      } catch (err) {
        cb?.(err as Error);
      }
    },
    flushSync: drain,
  };
}
