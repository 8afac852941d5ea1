import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '@platform/observability';

// The relay bounds the idempotent producer's retries on purpose (so a send fails over to its own
// backoff during an outage); duplicates this can cause are absorbed by the consumers' inbox.
const EXPECTED_WARNINGS = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/**
 * kafkajs reports every reconnect attempt at ERROR while a broker is down; those are expected
 * during an outage (the relay and consumer retry on their own), so they go to the service log
 * at WARN, and everything below WARN is dropped.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      if (EXPECTED_WARNINGS.has(message)) return;
      const fields = { kafka: namespace, ...extra };
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(fields, message);
    };
}

export function createKafka(options: { brokers: string[]; clientId: string; logger?: Logger }): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: options.logger ? logLevel.WARN : logLevel.NOTHING,
    logCreator: options.logger ? kafkaLogCreator(options.logger) : undefined,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 5 },
  });
}

/** Kafka header values arrive as Buffer, string, or arrays of them; we only ever write single strings. */
export function headerString(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
