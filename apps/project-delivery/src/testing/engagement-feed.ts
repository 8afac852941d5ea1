import { randomUUID } from 'node:crypto';
import {
  createEvent,
  type EventEnvelope,
  type EventPayload,
  type EventPayloadInput,
  type EventType,
} from '@platform/events';
import { feedEvents, identity, waitUntilApplied, type TestService } from '@platform/testing';

/** Test support: engagement events fed through the real broker into the service's inbox. */
export function event<T extends EventType>(type: T, payload: EventPayloadInput<T>): EventEnvelope<T> {
  return createEvent(type, payload, { source: 'engagement' });
}

export async function feedEngagementEvents(
  service: TestService,
  envelopes: readonly EventEnvelope[],
): Promise<void> {
  await feedEvents(service, 'engagement', envelopes);
}

/** Waits until the inbox has applied every one of these events. */
export const applied = waitUntilApplied;

export async function feedAndApply(service: TestService, envelopes: readonly EventEnvelope[]): Promise<void> {
  await feedEngagementEvents(service, envelopes);
  await applied(service, envelopes);
}

export function engagementOpened(
  overrides: Partial<EventPayload<'EngagementOpened'>> = {},
): EventEnvelope<'EngagementOpened'> {
  return event('EngagementOpened', {
    engagementId: randomUUID(),
    contractId: randomUUID(),
    clientId: randomUUID(),
    clientName: 'Acme Corp',
    name: 'Data platform rollout',
    pricingModel: 'FIXED_FEE',
    contractValue: { amountMinor: '12000000', currency: 'EUR' },
    startDate: '2026-01-05',
    endDate: '2026-06-30',
    budgetMinutes: 600 * 60,
    estimatedMinutes: 550 * 60,
    accountManagerId: randomUUID(),
    deliveryOwnerId: randomUUID(),
    contractSignedAt: '2026-01-02T10:00:00.000Z',
    openedAt: '2026-01-02T10:00:01.000Z',
    ...overrides,
  });
}

export function changeOrderApproved(
  engagementId: string,
  minutesDelta: number,
  scheduleDeltaDays: number,
  approvedAt = new Date().toISOString(),
): EventEnvelope<'ChangeOrderApproved'> {
  return event('ChangeOrderApproved', {
    engagementId,
    changeOrderId: randomUUID(),
    description: 'More reports',
    amountDelta: { amountMinor: '100000', currency: 'EUR' },
    minutesDelta,
    scheduleDeltaDays,
    approvedAt,
  });
}

export const ADMIN = identity('00000000-0000-4000-8000-000000000001', ['ADMIN'], 'Admin');
export const DELIVERY = identity('00000000-0000-4000-8000-000000000002', ['DELIVERY'], 'Delivery lead');
export const FINANCE = identity('00000000-0000-4000-8000-000000000003', ['FINANCE'], 'Finance');

export interface GraphQLErrorShape {
  message: string;
  extensions?: Record<string, unknown>;
}

/** The first error's code and field, for "fails with X on field Y" assertions. */
export const errorOf = (response: { errors?: GraphQLErrorShape[] }) => ({
  code: response.errors?.[0]?.extensions?.code,
  field: response.errors?.[0]?.extensions?.field,
});

const MEMBER_FIELDS = 'id name email title roles weeklyCapacityHours active';

let emailCounter = 0;
/** Creates an active team member through the API (as ADMIN) and returns its id. */
export async function createMember(
  service: TestService,
  input: Partial<{
    name: string;
    email: string;
    roles: string[];
    weeklyCapacityHours: number;
    title: string;
    primaryRole: string;
  }> = {},
): Promise<string> {
  emailCounter += 1;
  const response = await service.query<{ createTeamMember: { id: string } }>(
    `mutation ($input: CreateTeamMemberInput!) { createTeamMember(input: $input) { ${MEMBER_FIELDS} } }`,
    {
      input: {
        name: 'Grace Hopper',
        email: `member-${emailCounter}-${randomUUID().slice(0, 8)}@example.test`,
        roles: ['MEMBER'],
        weeklyCapacityHours: 40,
        ...input,
      },
    },
    ADMIN,
  );
  if (!response.data?.createTeamMember)
    throw new Error(`createTeamMember failed: ${JSON.stringify(response.errors)}`);
  return response.data.createTeamMember.id;
}

/** Creates a project for a known engagement (as DELIVERY) and returns its id. */
export async function createProject(
  service: TestService,
  engagementId: string,
  input: Partial<{
    name: string;
    startDate: string;
    dueDate: string;
    budgetHours: number;
    useStandardMilestones: boolean;
  }> = {},
): Promise<string> {
  const response = await service.query<{ createProject: { id: string } }>(
    `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
    {
      input: {
        engagementId,
        name: 'Rollout',
        startDate: '2026-01-05',
        dueDate: '2026-04-15',
        budgetHours: 100,
        ...input,
      },
    },
    DELIVERY,
  );
  if (!response.data?.createProject)
    throw new Error(`createProject failed: ${JSON.stringify(response.errors)}`);
  return response.data.createProject.id;
}
