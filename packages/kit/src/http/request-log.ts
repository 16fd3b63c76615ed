import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** Logs one finished (or abandoned) request; call it inside the request's context so the line carries trace_id and request_id. */
export type RequestLog = (req: IncomingMessage, res: ServerResponse, id: string, durationMs: number) => void;

/**
 * One line per request with the fields pino-http writes — reqId, req {id, method, url}, res {statusCode},
 * responseTime — at info, warn (4xx) or error (5xx). pino-http builds two child loggers per request for it,
 * which cost more than serving a small tRPC call. The line holds method, url and status only, so it skips
 * the logger's redaction (about half the cost of a line).
 */
export function createRequestLog(log: Logger): RequestLog {
  const lines = log.child({}, { redact: { paths: [] } });
  return (req, res, id, durationMs) => {
    const statusCode = res.statusCode;
    const line = { reqId: id, req: { id, method: req.method, url: req.url }, res: { statusCode }, responseTime: Math.round(durationMs) };
    if (statusCode >= 500) lines.error(line, 'request errored');
    else if (statusCode >= 400) lines.warn(line, 'request completed');
    else lines.info(line, 'request completed');
  };
}
