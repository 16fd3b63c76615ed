import pino from 'pino';

/** JSON lines shaped like the services' (string level, `msg`), so `pnpm dev` and log search read them alike. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    base: { service: 'storefront' },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
