import { randomUUID } from 'node:crypto';
import {
  createEvent,
  type EventEnvelope,
  type EventPayload,
  type EventPayloadInput,
  type EventType,
} from '@platform/events';
import { feedEvents, waitUntilApplied } from '@platform/testing';

/** Builds a valid envelope as its producing service would. */
export function event<T extends EventType>(
  type: T,
  payload: EventPayloadInput<T>,
  options: { id?: string; occurredAt?: Date } = {},
): EventEnvelope<T> {
  return createEvent(type, payload, { source: 'test', ...options });
}

/** Produces envelopes to a producer's topic through the real broker. */
export const feed = feedEvents;

/** Waits until the service's inbox has applied (or skipped as duplicates) every one of these events. */
export const applied = waitUntilApplied;

export function contractSigned(
  overrides: Partial<EventPayloadInput<'ContractSigned'>> = {},
): EventEnvelope<'ContractSigned'> {
  return event('ContractSigned', {
    contractId: randomUUID(),
    opportunityId: randomUUID(),
    title: 'Data platform rollout',
    clientId: randomUUID(),
    clientName: 'Acme Corp',
    accountManagerId: null,
    sellerId: randomUUID(),
    value: { amountMinor: '12000000', currency: 'EUR' },
    pricingModel: 'FIXED_FEE',
    startDate: '2026-03-02',
    endDate: '2026-03-27',
    budgetMinutes: 600 * 60,
    estimatedMinutes: 550 * 60,
    estimateLines: [],
    rates: [],
    scope: 'Build the thing',
    signedAt: new Date().toISOString(),
    ...overrides,
  });
}

export function teamMember(
  memberId: string,
  roles: EventPayload<'TeamMemberUpserted'>['roles'],
  overrides: Partial<EventPayload<'TeamMemberUpserted'>> = {},
): EventEnvelope<'TeamMemberUpserted'> {
  return event('TeamMemberUpserted', {
    memberId,
    name: `Member ${memberId.slice(0, 4)}`,
    email: `${memberId}@example.test`,
    title: null,
    roles,
    weeklyCapacityMinutes: 40 * 60,
    active: true,
    updatedAt: new Date().toISOString(),
    ...overrides,
  });
}

export function milestoneSignedOff(
  engagementId: string,
  kind: EventPayload<'MilestoneSignedOff'>['kind'],
  signedOffAt: Date,
  options: { id?: string } = {},
): EventEnvelope<'MilestoneSignedOff'> {
  return event(
    'MilestoneSignedOff',
    {
      milestoneId: randomUUID(),
      projectId: randomUUID(),
      engagementId,
      kind,
      name: kind,
      billingAmount: null,
      signedOffAt: signedOffAt.toISOString(),
    },
    options,
  );
}

export function projectStarted(
  engagementId: string,
  startedAt: Date,
  projectId: string = randomUUID(),
): EventEnvelope<'ProjectStarted'> {
  return event('ProjectStarted', { projectId, engagementId, startedAt: startedAt.toISOString() });
}

export const hoursAfter = (at: Date | string, hours: number) =>
  new Date(new Date(at).getTime() + hours * 3_600_000);
