import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** Logs one request's completion; call it inside the request's span and scope so the line carries them. */
export type RequestLog = (req: IncomingMessage, res: ServerResponse, id: string) => void;

/**
 * One line per finished (or abandoned) request with the fields pino-http wrote — reqId, req {id, method,
 * url}, res {statusCode}, responseTime — at info, warn (4xx) or error (5xx). pino-http built two child
 * loggers per request for it, which cost more than serving a small tRPC call. The line is built here from
 * method, url and status only, so it skips the logger's redaction (about half the cost of a line).
 */
export function createRequestLog(log: Logger): RequestLog {
  const lines = log.child({}, { redact: { paths: [] } });
  return (req, res, id) => {
    const started = Date.now();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const statusCode = res.statusCode;
      const line = { reqId: id, req: { id, method: req.method, url: req.url }, res: { statusCode }, responseTime: Date.now() - started };
      if (statusCode >= 500) lines.error(line, 'request errored');
      else if (statusCode >= 400) lines.warn(line, 'request completed');
      else lines.info(line, 'request completed');
    };
    res.on('finish', done);
    res.on('close', done);
  };
}
