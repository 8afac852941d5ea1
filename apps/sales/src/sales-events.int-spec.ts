import { randomUUID } from 'node:crypto';
import { createEvent, topicOf, type EventPayload } from '@platform/events';
import { produceRaw, readTopic } from '@platform/messaging/testing';
import { eventually, KAFKA_BROKERS, startTestService, type TestService } from '@platform/testing';
import { salesService } from './service';
import { healthyEstimate, people, SalesApi, publishRoleCard } from './testing/sales-fixtures';

let service: TestService;
let api: SalesApi;

beforeAll(async () => {
  service = await startTestService(salesService);
  api = new SalesApi(service);
  await publishRoleCard(service);
});

afterAll(async () => {
  await service?.close();
});

/** Publishes TeamMemberUpserted facts as project-delivery would, through the real broker. */
async function publishMembers(
  ...facts: Array<Partial<EventPayload<'TeamMemberUpserted'>> & { memberId: string }>
) {
  const events = facts.map((fact) =>
    createEvent(
      'TeamMemberUpserted',
      {
        name: 'Alex Account',
        email: 'alex@example.com',
        title: 'Account manager',
        roles: ['SALES'],
        weeklyCapacityMinutes: 2400,
        active: true,
        updatedAt: new Date().toISOString(),
        ...fact,
      },
      { source: 'project-delivery' },
    ),
  );
  await produceRaw({
    brokers: KAFKA_BROKERS,
    topic: topicOf('TeamMemberUpserted', service.topicPrefix),
    messages: events.map((event) => ({
      key: event.key,
      value: JSON.stringify(event),
      headers: { type: event.type, version: String(event.version) },
    })),
  });
  return events;
}

async function applied(eventId: string): Promise<boolean> {
  const rows: unknown[] = await service.dataSource.query('SELECT 1 FROM inbox WHERE event_id = $1', [
    eventId,
  ]);
  return rows.length > 0;
}

async function member(id: string): Promise<{ name: string; active: boolean; roles: string[] } | undefined> {
  const rows: Array<{ name: string; active: boolean; roles: string[] }> = await service.dataSource.query(
    'SELECT name, active, roles FROM team_members WHERE id = $1',
    [id],
  );
  return rows[0];
}

const createClient = (accountManagerId: string) =>
  service.query<{ createClient: { id: string; accountManager: { id: string } | null } }>(
    `mutation($input: CreateClientInput!) { createClient(input: $input) { id accountManager { id } } }`,
    { input: { name: 'Umbrella', accountManagerId } },
    people.seller,
  );

describe('sales: events', () => {
  it('learns team members from TeamMemberUpserted and accepts an active one as account manager', async () => {
    const memberId = randomUUID();
    await publishMembers({ memberId, name: 'Alex Account' });
    await eventually(() => member(memberId));
    const response = await createClient(memberId);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createClient.accountManager).toEqual({ id: memberId });
  });

  it('refuses an inactive account manager as BAD_USER_INPUT on input.accountManagerId', async () => {
    const memberId = randomUUID();
    const [, deactivated] = await publishMembers(
      { memberId, active: true, updatedAt: '2026-01-01T09:00:00.000Z' },
      { memberId, active: false, updatedAt: '2026-01-02T09:00:00.000Z' },
    );
    await eventually(() => applied(deactivated.id));
    const before = await api.rowCounts();
    const response = await createClient(memberId);
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.accountManagerId',
    });
    expect(await api.rowCounts()).toEqual(before);
  });

  it('keeps the newest state of a team member when an older one arrives later', async () => {
    const memberId = randomUUID();
    const [, stale] = await publishMembers(
      { memberId, name: 'New Name', roles: ['DELIVERY'], updatedAt: '2026-02-02T09:00:00.000Z' },
      { memberId, name: 'Old Name', roles: ['SALES'], updatedAt: '2026-02-01T09:00:00.000Z' },
    );
    await eventually(() => applied(stale.id));
    expect(await member(memberId)).toEqual({ name: 'New Name', active: true, roles: ['DELIVERY'] });
  });

  it('publishes ClientCreated through the outbox in the same transaction as the client', async () => {
    const clientId = await api.createClient('Outboxed Ltd', people.seller);
    const rows: Array<{ type: string; key: string }> = await service.dataSource.query(
      `SELECT type, key FROM outbox WHERE envelope -> 'payload' ->> 'clientId' = $1`,
      [clientId],
    );
    expect(rows).toEqual([{ type: 'ClientCreated', key: clientId }]);
    const events = await readTopic({
      brokers: KAFKA_BROKERS,
      topic: topicOf('ClientCreated', service.topicPrefix),
      until: (seen) => seen.some((e) => e.type === 'ClientCreated' && e.key === clientId),
    });
    expect(events.find((e) => e.key === clientId)?.payload).toEqual({
      clientId,
      name: 'Outboxed Ltd',
      industry: 'Retail',
      accountManagerId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('signs a contract and publishes ContractSigned with everything downstream needs', async () => {
    const accountManagerId = randomUUID();
    await publishMembers({ memberId: accountManagerId, name: 'Alex Account' });
    await eventually(() => member(accountManagerId));
    const clientId = await api.createClient('Signed Corp', people.seller, accountManagerId);
    const opportunityId = await api.createOpportunity(clientId, people.seller, 'Signed portal');
    await api.estimate(opportunityId, healthyEstimate());
    await api.submit(opportunityId);
    await api.review(opportunityId, 'DELIVERY', 'APPROVED', people.delivery);
    const signed = await api.sign(opportunityId);
    expect(signed.errors).toBeUndefined();
    const contract = signed.data!.signContract;

    const events = await readTopic({
      brokers: KAFKA_BROKERS,
      topic: topicOf('ContractSigned', service.topicPrefix),
      until: (seen) => seen.some((e) => e.type === 'ContractSigned' && e.key === contract.id),
    });
    const event = events.find((e) => e.type === 'ContractSigned' && e.key === contract.id)!;
    expect(event).toMatchObject({ type: 'ContractSigned', version: 2, source: 'sales', key: contract.id });
    expect(event.payload).toEqual({
      contractId: contract.id,
      opportunityId,
      title: 'Signed portal',
      clientId,
      clientName: 'Signed Corp',
      accountManagerId,
      sellerId: people.seller.sub,
      value: { amountMinor: '120000', currency: 'USD' },
      pricingModel: 'FIXED_FEE',
      startDate: '2026-03-02',
      endDate: '2026-04-30',
      budgetMinutes: 675,
      estimatedMinutes: 675,
      estimateLines: [
        {
          role: 'Engineer',
          minutes: 630,
          costRate: { amountMinor: '8501', currency: 'USD' },
          billRate: { amountMinor: '15000', currency: 'USD' },
        },
        {
          role: 'Designer',
          minutes: 45,
          costRate: { amountMinor: '6250', currency: 'USD' },
          billRate: { amountMinor: '12000', currency: 'USD' },
        },
      ],
      // v2: the contract's rate table, one bill rate per role with its minutes.
      rates: [
        { role: 'Engineer', billRate: { amountMinor: '15000', currency: 'USD' }, minutes: 630 },
        { role: 'Designer', billRate: { amountMinor: '12000', currency: 'USD' }, minutes: 45 },
      ],
      scope: 'Customer portal, phase one',
      signedAt: contract.signedAt,
    });
  });
});
