const COLORS: Record<string, string> = { product: '36', cart: '35', order: '33', user: '32', storefront: '34' };
const LEVEL_COLORS: Record<string, string> = { error: '31', fatal: '31', warn: '33' };

interface LogRecord {
  level?: string;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string };
  [key: string]: unknown;
}

const color = (code: string | undefined, text: string, tty: boolean) => (tty && code ? `\x1b[${code}m${text}\x1b[0m` : text);

/** One service's JSON log line as one short human line, prefixed by the service's name. */
export function formatLogLine(service: string, line: string, tty: boolean): string {
  const prefix = color(COLORS[service], service.padEnd(10), tty);
  let record: LogRecord;
  try {
    record = JSON.parse(line) as LogRecord;
  } catch {
    return `${prefix} ${line}`;
  }
  const level = record.level ?? 'info';
  const parts = [color(LEVEL_COLORS[level], level.padEnd(5), tty), record.msg ?? ''];
  if (record.req?.url) parts.push(`${record.req.method ?? ''} ${record.req.url}`);
  if (record.res?.statusCode) parts.push(String(record.res.statusCode));
  if (typeof record.responseTime === 'number') parts.push(`${record.responseTime}ms`);
  if (record.err?.message) parts.push(`- ${record.err.message}`);
  return `${prefix} ${parts.join(' ')}`;
}
