import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Tokens and signatures are redacted wherever they appear so that a
 * request dump never leaks a credential.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['authorization', 'headers.authorization', '*.authorization', 'token', '*.token', 'signature'],
      censor: '[redacted]',
    },
  });
}
