import pino, { type Logger } from 'pino';
import { activeTraceIds } from './tracing';

export type { Logger };

/**
 * Structured JSON logs. Tokens and signatures are redacted wherever they appear so that a
 * request dump never leaks a credential. A line written inside a traced operation carries its
 * `trace_id` and `span_id` (OpenTelemetry's log correlation fields).
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: activeTraceIds,
    redact: {
      paths: ['authorization', 'headers.authorization', '*.authorization', 'token', '*.token', 'signature'],
      censor: '[redacted]',
    },
  });
}
