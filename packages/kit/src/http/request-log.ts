import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/**
 * One line per finished (or abandoned) request with the fields pino-http wrote — reqId, req {id, method,
 * url}, res {statusCode}, responseTime — at info, warn (4xx) or error (5xx). pino-http built two child
 * loggers per request for it, which cost more than serving a small tRPC call. Call it inside the
 * request's span and scope, so the line carries their trace_id and request_id.
 */
export function logRequest(log: Logger, req: IncomingMessage, res: ServerResponse, id: string): void {
  const started = Date.now();
  const done = () => {
    res.off('finish', done);
    res.off('close', done);
    const statusCode = res.statusCode;
    const line = { reqId: id, req: { id, method: req.method, url: req.url }, res: { statusCode }, responseTime: Date.now() - started };
    if (statusCode >= 500) log.error(line, 'request errored');
    else if (statusCode >= 400) log.warn(line, 'request completed');
    else log.info(line, 'request completed');
  };
  res.on('finish', done);
  res.on('close', done);
}
