import { randomUUID } from 'node:crypto';
import { addDays, todayUtc } from '@platform/domain-kit';
import { startTestService, type TestService } from '@platform/testing';
import { engagementIdForContract } from './domain/engagement-id';
import { engagementService } from './service';
import { applied, contractSigned, event, feed } from './testing/event-feed';

// Schedule colour from delivery's milestones (MilestonePlanned due dates, MilestoneSignedOff):
// RED when a milestone is more than 7 days past due, AMBER when it is past due. An approved change
// order moves delivery's milestones: delivery publishes MilestonePlanned again for the same
// milestone with its new due date, and the colour follows the latest date.

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

async function engagementWith(dueDaysAgo: number[]) {
  const signed = contractSigned();
  await feed(service, 'sales', [signed]);
  await applied(service, [signed]);
  const id = engagementIdForContract(signed.payload.contractId);
  const projectId = randomUUID();
  const today = todayUtc();
  const planned = dueDaysAgo.map((days) =>
    event('MilestonePlanned', {
      milestoneId: randomUUID(),
      projectId,
      engagementId: id,
      kind: 'CUSTOM',
      name: `due ${days} days ago`,
      dueDate: addDays(today, -days),
      plannedAt: new Date().toISOString(),
    }),
  );
  await feed(service, 'delivery', planned);
  await applied(service, planned);
  return { id, projectId, planned };
}

describe('schedule colour from milestones', () => {
  it('is GREEN while every milestone is due today or later (0 days past due)', async () => {
    const { id } = await engagementWith([0, -5]);
    expect(await schedule(id)).toEqual({ rag: 'GREEN', facts: [] });
  });

  it('is AMBER when a milestone is past due by 1 to 7 days (the worst of 1 and 7 is 7)', async () => {
    const { id } = await engagementWith([1, 7]);
    expect(await schedule(id)).toEqual({ rag: 'AMBER', facts: ['MILESTONE_PAST_DUE_7_DAYS'] });
  });

  it('is RED when a milestone is more than 7 days past due (8 > 7), and back to AMBER once it is signed off', async () => {
    const { id, projectId, planned } = await engagementWith([8, 2]);
    expect(await schedule(id)).toEqual({ rag: 'RED', facts: ['MILESTONE_PAST_DUE_8_DAYS'] });
    const signedOff = event('MilestoneSignedOff', {
      milestoneId: planned[0].payload.milestoneId,
      projectId,
      engagementId: id,
      kind: 'CUSTOM',
      name: planned[0].payload.name,
      billingAmount: null,
      signedOffAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [signedOff]);
    await applied(service, [signedOff]);
    // Left: the milestone 2 days past due.
    expect(await schedule(id)).toEqual({ rag: 'AMBER', facts: ['MILESTONE_PAST_DUE_2_DAYS'] });
  });

  it('ignores the milestones of a cancelled project', async () => {
    const { id, projectId } = await engagementWith([10]);
    const cancelled = event('ProjectCancelled', {
      projectId,
      engagementId: id,
      cancelledAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [cancelled]);
    await applied(service, [cancelled]);
    expect(await schedule(id)).toEqual({ rag: 'GREEN', facts: [] });
  });

  it('follows a milestone moved by a change order: 3 days past due is AMBER, moved 10 days later (due in 7) it is GREEN', async () => {
    const { id, planned } = await engagementWith([3]);
    expect(await schedule(id)).toEqual({ rag: 'AMBER', facts: ['MILESTONE_PAST_DUE_3_DAYS'] });
    // today − 3 + 10 = today + 7: not past due any more.
    const moved = event('MilestonePlanned', {
      ...planned[0].payload,
      dueDate: addDays(todayUtc(), 7),
      plannedAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [moved]);
    await applied(service, [moved]);
    expect(await schedule(id)).toEqual({ rag: 'GREEN', facts: [] });
  });
});
