import { suggestOwners, type CandidateMember } from './owner-suggestions';

// Two full working weeks: 10 working days.
const period = { from: '2026-03-02', to: '2026-03-13' };
const member = (id: string, extra: Partial<CandidateMember> = {}): CandidateMember => ({
  id,
  name: id,
  roles: ['DELIVERY'],
  weeklyCapacityMinutes: 40 * 60,
  active: true,
  ...extra,
});

describe('owner suggestions', () => {
  it('scores available / capacity × 100 − 10 × active engagements over the engagement dates', () => {
    const [s] = suggestOwners({
      period,
      members: [member('a')],
      // 20 h/week over one of the two weeks: 20 h allocated out of 80 h capacity.
      allocations: [{ memberId: 'a', minutesPerWeek: 20 * 60, from: '2026-03-09', to: '2026-03-31' }],
      activeEngagements: new Map([['a', 2]]),
      first: 5,
    });
    expect(s.capacityHours).toBe(80);
    expect(s.availableHours).toBe(60);
    expect(s.activeEngagements).toBe(2);
    expect(s.score).toBeCloseTo((60 / 80) * 100 - 20, 10);
  });

  it('counts capacity and allocations pro rata over working days only', () => {
    const [s] = suggestOwners({
      period: { from: '2026-03-06', to: '2026-03-09' }, // Fri..Mon: 2 working days
      members: [member('a', { weeklyCapacityMinutes: 30 * 60 })],
      allocations: [{ memberId: 'a', minutesPerWeek: 10 * 60, from: '2026-03-07', to: '2026-03-09' }], // 1 working day
      activeEngagements: new Map(),
      first: 5,
    });
    expect(s.capacityHours).toBe(12);
    expect(s.availableHours).toBe(10);
  });

  it('ranks a member at or over capacity below one with room, whatever the scores', () => {
    const result = suggestOwners({
      period,
      members: [member('full'), member('busy')],
      allocations: [{ memberId: 'full', minutesPerWeek: 40 * 60, from: '2026-01-01', to: '2026-12-31' }],
      // busy has a far lower score (-5 engagements) but still has room.
      activeEngagements: new Map([['busy', 15]]),
      first: 5,
    });
    expect(result.map((s) => s.memberId)).toEqual(['busy', 'full']);
    expect(result[0].score).toBeLessThan(result[1].score);
    expect(result[1].availableHours).toBe(0);
  });

  it('only suggests active members who hold the DELIVERY role, best first, at most `first`', () => {
    const result = suggestOwners({
      period,
      members: [
        member('sales', { roles: ['SALES'] }),
        member('gone', { active: false }),
        member('one'),
        member('two'),
        member('three'),
      ],
      allocations: [],
      activeEngagements: new Map([
        ['one', 2],
        ['two', 0],
        ['three', 1],
      ]),
      first: 2,
    });
    expect(result.map((s) => s.memberId)).toEqual(['two', 'three']);
  });

  it('reports negative available hours for an over-allocated member', () => {
    const [s] = suggestOwners({
      period,
      members: [member('a')],
      allocations: [{ memberId: 'a', minutesPerWeek: 50 * 60, from: '2026-03-02', to: '2026-03-13' }],
      activeEngagements: new Map(),
      first: 1,
    });
    expect(s.availableHours).toBe(-20);
  });
});
