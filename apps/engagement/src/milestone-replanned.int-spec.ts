import { randomUUID } from 'node:crypto';
import { addDays, todayUtc } from '@platform/domain-kit';
import { startTestService, type TestService } from '@platform/testing';
import { engagementIdForContract } from './domain/engagement-id';
import { engagementService } from './service';
import { applied, contractSigned, event, feed } from './testing/event-feed';

// An approved change order moves delivery's milestones: delivery publishes MilestonePlanned again
// for the same milestone with its new due date, and the schedule colour follows the latest date.

let service: TestService;

beforeAll(async () => {
  service = await startTestService(engagementService);
});

afterAll(async () => {
  await service?.close();
});

async function schedule(id: string): Promise<{ rag: string; facts: string[] }> {
  const res = await service.query<{
    engagement: { suggestedStatus: { schedule: { rag: string; facts: string[] } } };
  }>(`query ($id: ID!) { engagement(id: $id) { suggestedStatus { schedule { rag facts } } } }`, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.engagement.suggestedStatus.schedule;
}

it('follows a milestone moved by a change order: 3 days past due is AMBER, moved 10 days later (due in 7) it is GREEN', async () => {
  const signed = contractSigned();
  await feed(service, 'sales', [signed]);
  await applied(service, [signed]);
  const engagementId = engagementIdForContract(signed.payload.contractId);
  const today = todayUtc();
  const milestoneId = randomUUID();
  const projectId = randomUUID();
  const planned = (dueDate: string) =>
    event('MilestonePlanned', {
      milestoneId,
      projectId,
      engagementId,
      kind: 'CUSTOM',
      name: 'Pilot',
      dueDate,
      plannedAt: new Date().toISOString(),
    });

  const first = planned(addDays(today, -3));
  await feed(service, 'delivery', [first]);
  await applied(service, [first]);
  expect(await schedule(engagementId)).toEqual({ rag: 'AMBER', facts: ['MILESTONE_PAST_DUE_3_DAYS'] });

  // today − 3 + 10 = today + 7: not past due any more.
  const moved = planned(addDays(today, 7));
  await feed(service, 'delivery', [moved]);
  await applied(service, [moved]);
  expect(await schedule(engagementId)).toEqual({ rag: 'GREEN', facts: [] });
});
