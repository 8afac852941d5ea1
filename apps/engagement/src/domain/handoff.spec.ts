import {
  buildHandoff,
  handoffItemForMilestone,
  nearestRank,
  summariseHandoffs,
  type HandoffFacts,
} from './handoff';

const signed = new Date('2026-03-02T09:00:00Z');
const at = (iso: string) => new Date(iso);
const all: HandoffFacts = {
  OWNER_ASSIGNED: at('2026-03-02T12:00:00Z'),
  BRD_SIGNED_OFF: at('2026-03-04T09:00:00Z'),
  SOW_SIGNED_OFF: at('2026-03-03T09:00:00Z'),
  PLAN_DEFINED: at('2026-03-05T09:00:00Z'),
  KICKOFF_HELD: at('2026-03-04T21:00:00Z'),
};

describe('handoff timeline', () => {
  it('lists the five checklist items in order with when each was done', () => {
    const handoff = buildHandoff(signed, { SOW_SIGNED_OFF: all.SOW_SIGNED_OFF }, 10, signed);
    expect(handoff.checklist.map((i) => [i.kind, i.done])).toEqual([
      ['OWNER_ASSIGNED', false],
      ['BRD_SIGNED_OFF', false],
      ['SOW_SIGNED_OFF', true],
      ['PLAN_DEFINED', false],
      ['KICKOFF_HELD', false],
    ]);
    expect(handoff.checklist[2].doneAt).toEqual(all.SOW_SIGNED_OFF);
    expect(handoff.completedAt).toBeNull();
  });

  it('completes when the last item is done and measures lead time from signature to kickoff', () => {
    const handoff = buildHandoff(signed, all, 10, at('2026-04-01T00:00:00Z'));
    expect(handoff.completedAt).toEqual(all.PLAN_DEFINED);
    expect(handoff.leadTimeHours).toBe(60);
    expect(handoff.overdue).toBe(false);
  });

  it('sets the deadline at signature + the configured days and flags overdue only with items open', () => {
    const open = buildHandoff(signed, { KICKOFF_HELD: all.KICKOFF_HELD }, 3, at('2026-03-05T09:00:01Z'));
    expect(open.deadline).toEqual(at('2026-03-05T09:00:00Z'));
    expect(open.overdue).toBe(true);
    expect(open.leadTimeHours).toBe(60);
    expect(buildHandoff(signed, {}, 3, at('2026-03-05T09:00:00Z')).overdue).toBe(false);
  });

  it('maps BRD, SOW and project-plan sign-offs to their checklist items and ignores other milestones', () => {
    expect(handoffItemForMilestone('BRD')).toBe('BRD_SIGNED_OFF');
    expect(handoffItemForMilestone('SOW')).toBe('SOW_SIGNED_OFF');
    expect(handoffItemForMilestone('PROJECT_PLAN')).toBe('PLAN_DEFINED');
    expect(handoffItemForMilestone('IMPLEMENTATION')).toBeNull();
  });
});

describe('handoff report', () => {
  it('takes nearest-rank percentiles and null when there is nothing to rank', () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(nearestRank([40, 10, 30, 20], 50)).toBe(20);
    expect(nearestRank([40, 10, 30, 20], 90)).toBe(40);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([7], 90)).toBe(7);
  });

  it('counts engagements, completed checklists, lead times and overdue handoffs', () => {
    const now = at('2026-04-01T00:00:00Z');
    const report = summariseHandoffs([
      { key: 'done', handoff: buildHandoff(signed, all, 10, now) },
      { key: 'late', handoff: buildHandoff(signed, { KICKOFF_HELD: at('2026-03-03T09:00:00Z') }, 10, now) },
      { key: 'fresh', handoff: buildHandoff(at('2026-03-31T00:00:00Z'), {}, 10, now) },
    ]);
    expect(report).toEqual({
      count: 3,
      completed: 1,
      medianLeadTimeHours: 24,
      p90LeadTimeHours: 60,
      overdue: ['late'],
    });
  });
});
