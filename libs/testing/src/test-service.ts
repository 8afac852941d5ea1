import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestContext } from '@platform/graphql-kit';
import { IDENTITY_HEADER, signIdentity, type Identity, type Role } from '@platform/graphql-kit';
import { deleteTopicsAndGroups, dropDatabaseIfExists } from '@platform/infra';
import {
  loadServiceConfig,
  startService,
  type RunningService,
  type ServiceDefinition,
} from '@platform/service-kit';
import { postGraphQL, type GraphQLResponse } from '@platform/seed';
import type { z } from 'zod';
import { createMigratedDatabase } from './template-database';

export const TEST_SIGNING_SECRET = 'test-gateway-signing-secret-0123456789';

/** A short unique prefix for databases and topics so that test files never share state. */
export function uniqueId(label: string): string {
  return `${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(4).toString('hex')}`;
}

export function testDatabaseUrl(name: string): string {
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = process.env.PGPORT ?? '5432';
  const user = process.env.PGUSER ?? 'postgres';
  return `postgres://${user}@${host}:${port}/${name}`;
}

// The one GraphQL-over-HTTP helper (@platform/seed's); tests import it from here as well.
export { postGraphQL, type GraphQLResponse };

export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export interface TestService<TEnv extends z.ZodRawShape = z.ZodRawShape> extends RunningService<TEnv> {
  databaseUrl: string;
  topicPrefix: string;
  /** Calls the subgraph directly, signing `identity` as the gateway would. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  /** Stops the service and drops its database. */
  close(): Promise<void>;
}

export function identity(sub: string, roles: Role[], name = sub): Identity {
  return { sub, roles, name };
}

/**
 * Starts one subgraph in-process on a free port with its own fresh database (migrated) and
 * its own topic prefix, against the real PostgreSQL and Kafka.
 */
export async function startTestService<TContext extends RequestContext, TEnv extends z.ZodRawShape>(
  def: ServiceDefinition<TContext, TEnv>,
  options: { env?: Record<string, string>; topicPrefix?: string; databaseName?: string } = {},
): Promise<TestService<TEnv>> {
  const databaseName = options.databaseName ?? uniqueId(`t_${def.name}`);
  const databaseUrl = testDatabaseUrl(databaseName);
  // A fresh database starts as a copy of the migrated template: migrations run once per change,
  // not once per test file (the service's own migration run then finds nothing to do).
  if (!options.databaseName) await createMigratedDatabase(def, databaseUrl);
  const topicPrefix = options.topicPrefix ?? `${uniqueId('t')}.`;
  const config = loadServiceConfig(def, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    PORT: '0',
    METRICS_PORT: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    KAFKA_BROKERS: KAFKA_BROKERS.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KAFKA_TOPIC_PARTITIONS: '2',
    MIGRATE_ON_START: 'true',
    GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    ...options.env,
  });
  const running = await startService(def, config);
  return {
    ...running,
    databaseUrl,
    topicPrefix,
    query: async <T>(
      query: string,
      variables?: Record<string, unknown>,
      who = identity('00000000-0000-4000-8000-000000000001', ['ADMIN'], 'Test Admin'),
    ) => {
      const requestId = randomUUID();
      const response = await postGraphQL<T>(running.url, query, variables, {
        [IDENTITY_HEADER]: signIdentity(who, TEST_SIGNING_SECRET),
        'x-request-id': requestId,
      });
      // Inside `queries.measure(...)`, this request's own SQL statements count for the caller.
      running.queries.claim(requestId);
      return response;
    },
    close: async () => {
      await running.stop();
      await dropDatabaseIfExists(databaseUrl);
      // Its private topics and consumer groups go too (a prefix passed in is shared: its owner cleans).
      if (!options.topicPrefix) await removeTestTopics(topicPrefix);
    },
  };
}

/** Deletes a test's topics and consumer groups; a failure is reported, never fails the test file. */
export async function removeTestTopics(topicPrefix: string): Promise<void> {
  try {
    await deleteTopicsAndGroups(KAFKA_BROKERS, topicPrefix);
  } catch (error) {
    process.stderr.write(`could not delete the topics of ${topicPrefix}: ${(error as Error).message}\n`);
  }
}
