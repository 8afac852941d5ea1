import { suggestOwners, unavailableMinutes, type CandidateMember } from './owner-suggestions';

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

describe('owner suggestions use time off', () => {
  it("takes a week of full-day time off out of the member's room and ranks the member below one without", () => {
    const [first, second] = suggestOwners({
      period, // 10 working days, 80 h capacity at 40 h/week
      members: [member('away'), member('here')],
      allocations: [],
      // away: 2026-03-02..06 off, 8 h a day = 40 h off → 80 − 40 = 40 h available.
      timeOff: [{ memberId: 'away', minutesPerDay: 8 * 60, from: '2026-03-02', to: '2026-03-06' }],
      activeEngagements: new Map(),
      first: 5,
    });
    expect(first).toMatchObject({ memberId: 'here', capacityHours: 80, availableHours: 80, score: 100 });
    // score = 40 / 80 × 100 − 0 = 50.
    expect(second).toMatchObject({ memberId: 'away', capacityHours: 80, availableHours: 40, score: 50 });
  });

  it('does not count an allocated hour twice on a day off: each day loses the larger of allocation and time off', () => {
    // 10 h/week = 2 h a day allocated over both weeks (20 h); 1 day off of 2 h (Wed 2026-03-04) and
    // 3 days off of 4 h (Tue–Thu 2026-03-10..12). Per stretch, working days × max(allocated, off):
    // 03-02..03: 2 × max(2, 0) = 4 h; 03-04: 1 × max(2, 2) = 2 h; 03-05..09: 3 × 2 = 6 h;
    // 03-10..12: 3 × max(2, 4) = 12 h; 03-13: 1 × 2 = 2 h. Unavailable 4 + 2 + 6 + 12 + 2 = 26 h
    // (adding them, 20 h + 2 h + 12 h = 34 h, would count the allocated hours of days off twice).
    const minutes = unavailableMinutes(
      period,
      40 * 60,
      [{ memberId: 'a', minutesPerWeek: 10 * 60, from: '2026-03-02', to: '2026-03-13' }],
      [
        { memberId: 'a', minutesPerDay: 2 * 60, from: '2026-03-04', to: '2026-03-04' },
        { memberId: 'a', minutesPerDay: 4 * 60, from: '2026-03-10', to: '2026-03-12' },
      ],
    );
    expect(minutes).toBe(26 * 60);
  });

  it("caps a day's time off at the day's capacity (12 h off on an 8 h day loses 8 h)", () => {
    expect(
      unavailableMinutes(
        { from: '2026-03-02', to: '2026-03-02' },
        40 * 60,
        [],
        [{ memberId: 'a', minutesPerDay: 12 * 60, from: '2026-03-02', to: '2026-03-02' }],
      ),
    ).toBe(8 * 60);
  });
});
