/**
 * What the event-path benchmarks of accounting share: the real accounting service in this process
 * (its own database, 6 partitions) and a writer with the relay project-delivery runs on its own
 * outbox database, so that events reach accounting through the real outbox, relay and broker.
 */
import { createDataSource, dropDatabaseIfExists, ensureDatabaseExists } from '@platform/db';
import type { Identity } from '@platform/graphql-kit';
import { Messaging, messagingMigrations } from '@platform/messaging';
import { createLogger, createMetrics } from '@platform/observability';
import {
  KAFKA_BROKERS,
  identity,
  startTestService,
  testDatabaseUrl,
  uniqueId,
  type TestService,
} from '@platform/testing';
// Apps have no package alias; a benchmark tool drives the accounting app itself.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { accountingService } from '../../../apps/accounting/src/service';

export async function startAccountingBench(writerPoolSize: number) {
  const finance = identity('00000000-0000-4000-8000-00000000f1f1', ['FINANCE'], 'Bench Finance');
  const accounting = await startTestService(accountingService, {
    env: { KAFKA_TOPIC_PARTITIONS: '6', DATABASE_POOL_SIZE: '10', LOG_LEVEL: 'warn' },
  });
  const writerUrl = testDatabaseUrl(uniqueId('bench_outbox'));
  await ensureDatabaseExists(writerUrl);
  const { dataSource: writerDb } = createDataSource({
    url: writerUrl,
    entities: [],
    migrations: messagingMigrations,
    poolSize: writerPoolSize,
  });
  await writerDb.initialize();
  await writerDb.runMigrations();
  // The relay project-delivery runs, on the writer's outbox: topics are chosen per event type.
  const messaging = new Messaging({
    service: 'project-delivery',
    brokers: KAFKA_BROKERS,
    topicPrefix: accounting.topicPrefix,
    partitions: 6,
    dataSource: writerDb,
    databaseUrl: writerUrl,
    metrics: createMetrics('bench-writer', false),
    logger: createLogger('bench-writer', 'warn'),
    handlers: {},
  });
  await messaging.start();
  return {
    finance,
    accounting,
    writerDb,
    outbox: messaging.outbox,
    /** Stops the relay and drops the writer's database (the accounting service is the caller's). */
    stopWriter: async () => {
      await messaging.stop();
      await writerDb.destroy();
      await dropDatabaseIfExists(writerUrl);
    },
  };
}

/** Each member's rate now and a raise from `raiseOn` (the forecast prices each booked day at the rate then). */
export async function setBenchRates(
  accounting: Pick<TestService, 'query'>,
  finance: Identity,
  memberIds: readonly string[],
  raiseOn: string,
): Promise<void> {
  for (const memberId of memberIds) {
    for (const [effectiveFrom, cost, bill] of [
      ['2025-01-01', '61.00', '125.00'],
      [raiseOn, '67.00', '130.00'],
    ]) {
      const res = await accounting.query(
        `mutation ($input: SetMemberRateInput!) { setMemberRate(input: $input) { id } }`,
        {
          input: {
            memberId,
            costRate: { amount: cost, currency: 'USD' },
            billRate: { amount: bill, currency: 'USD' },
            effectiveFrom,
          },
        },
        finance,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }
}
