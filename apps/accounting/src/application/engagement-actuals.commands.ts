import type { EntityManager } from 'typeorm';
import type { ChunkScope } from '@platform/messaging';
import type { AccountingEvents } from '../events/accounting.publisher';
import { EngagementActualsRepository } from '../repositories/engagement-actuals.repository';

/**
 * Publishes EngagementActualsRecorded for the engagements among `engagementIds` that are closed
 * and whose contract (estimator, rate table) is known. The close, the contract and the entries
 * come from three topics in any order, so each of them calls this: the figures are published
 * once when they are first complete, again only if a later fact (an entry that arrived after the
 * close) changes them. Consumers keep the latest per engagement; a redelivered fact publishes
 * nothing.
 */
export async function publishActualsIfReady(
  manager: EntityManager,
  events: AccountingEvents,
  engagementIds: readonly string[],
): Promise<number> {
  if (engagementIds.length === 0) return 0;
  const repository = new EngagementActualsRepository(manager);
  await repository.serialise(engagementIds);
  const ready = await repository.withKnownContract(engagementIds);
  if (ready.size === 0) return 0;
  let count = 0;
  for (const actuals of await repository.closedByIds([...ready])) {
    const payload = events.actualsPayload(actuals);
    if (!(await repository.markPublished(actuals.engagementId, JSON.stringify(payload), actuals.closedAt)))
      continue;
    await events.engagementActualsRecorded(manager, payload);
    count += 1;
  }
  return count;
}

/**
 * Defers the publication to the very end of the chunk, after the time entries it holds were
 * applied (order 0) and the margin alerts (order 100), so a close that arrives with its last
 * entries counts them and the locks it takes are the chunk's last.
 */
export function deferActuals(chunk: ChunkScope, events: AccountingEvents): Set<string> {
  return chunk.defer({
    key: 'accounting/engagement-actuals',
    order: 200,
    init: () => new Set<string>(),
    run: async (engagementIds, manager) => {
      await publishActualsIfReady(manager, events, [...engagementIds]);
    },
  });
}
