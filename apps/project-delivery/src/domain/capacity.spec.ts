import { DomainError } from '@platform/errors';
import { overlap, workingDaysBetween as workingDays } from '@platform/domain-kit';
import { computeCapacity } from './capacity';

// The working-day count is the platform's one (domain-kit); capacity spreads weekly hours over it.
const overlappingWorkingDays = (a: { from: string; to: string }, b: { from: string; to: string }) => {
  const shared = overlap(a, b);
  return shared ? workingDays(shared.from, shared.to) : 0;
};

// Calendar used below: 2026-03-01 is a Sunday, so 2026-03-02 … 03-06 is Monday … Friday.
describe('working days (Mon–Fri, both ends included)', () => {
  it('counts a Monday-to-Friday week as five days', () => {
    expect(workingDays('2026-03-02', '2026-03-06')).toBe(5);
  });
  it('counts two calendar weeks as ten days', () => {
    expect(workingDays('2026-03-02', '2026-03-15')).toBe(10);
  });
  it('counts no days in a weekend', () => {
    expect(workingDays('2026-03-07', '2026-03-08')).toBe(0);
  });
  it('counts Friday to Monday as two days', () => {
    expect(workingDays('2026-03-06', '2026-03-09')).toBe(2);
  });
  it('counts a single weekday as one day', () => {
    expect(workingDays('2026-03-04', '2026-03-04')).toBe(1);
  });
  it('counts zero for an empty range', () => {
    expect(workingDays('2026-03-10', '2026-03-09')).toBe(0);
  });
  it('counts a leap-year February (2028) as 21 working days', () => {
    // 2028-02-01 is a Tuesday; 29 days = 4 weeks (20) + Tuesday 29th (1).
    expect(workingDays('2028-02-01', '2028-02-29')).toBe(21);
  });
  it('counts only the shared working days of two ranges', () => {
    expect(
      overlappingWorkingDays(
        { from: '2026-02-23', to: '2026-03-03' },
        { from: '2026-03-02', to: '2026-03-13' },
      ),
    ).toBe(2);
    expect(
      overlappingWorkingDays(
        { from: '2026-04-01', to: '2026-04-30' },
        { from: '2026-03-02', to: '2026-03-13' },
      ),
    ).toBe(0);
  });
});

describe('member capacity over a range', () => {
  it('spreads weekly capacity and allocations over working days and compares logged time', () => {
    // 40 h/week over Mon 2 – Fri 13 March (10 working days) = 80 h.
    // 20 h/week on 9–31 March overlaps 5 days = 20 h; 10 h/week on 23 Feb – 3 Mar overlaps 2 days = 4 h.
    // 1200 minutes logged = 20 h, i.e. 25 % of 80 h; available 80 − 24 = 56 h.
    const result = computeCapacity({
      from: '2026-03-02',
      to: '2026-03-13',
      weeklyCapacityMinutes: 2400,
      allocations: [
        { minutesPerWeek: 1200, from: '2026-03-09', to: '2026-03-31' },
        { minutesPerWeek: 600, from: '2026-02-23', to: '2026-03-03' },
      ],
      loggedMinutes: 1200,
    });
    expect(result).toEqual({
      capacityHours: 80,
      timeOffHours: 0,
      confirmedHours: 24,
      tentativeHours: 0,
      allocatedHours: 24,
      loggedHours: 20,
      availableHours: 56,
      utilizationPercent: 25,
      overAllocatedDays: 0,
    });
  });

  it('gives a partial week its share of the weekly capacity', () => {
    // 37.5 h/week over Wed 4 – Fri 6 March: 37.5 × 3 / 5 = 22.5 h.
    const result = computeCapacity({
      from: '2026-03-04',
      to: '2026-03-06',
      weeklyCapacityMinutes: 2250,
      allocations: [],
      loggedMinutes: 0,
    });
    expect(result.capacityHours).toBe(22.5);
    expect(result.availableHours).toBe(22.5);
  });

  it('lets available hours go negative when the member is over-allocated', () => {
    const result = computeCapacity({
      from: '2026-03-02',
      to: '2026-03-06',
      weeklyCapacityMinutes: 2400,
      allocations: [
        { minutesPerWeek: 1800, from: '2026-03-02', to: '2026-03-06' },
        { minutesPerWeek: 1200, from: '2026-03-02', to: '2026-03-06' },
      ],
      loggedMinutes: 3000,
    });
    expect(result.allocatedHours).toBe(50);
    expect(result.availableHours).toBe(-10);
    expect(result.utilizationPercent).toBe(125);
  });

  it('reports 0 % utilization when there is no capacity', () => {
    const weekend = computeCapacity({
      from: '2026-03-07',
      to: '2026-03-08',
      weeklyCapacityMinutes: 2400,
      allocations: [],
      loggedMinutes: 120,
    });
    expect(weekend.capacityHours).toBe(0);
    expect(weekend.loggedHours).toBe(2);
    expect(weekend.utilizationPercent).toBe(0);
  });

  it('refuses a range whose end is before its start (BAD_USER_INPUT on to)', () => {
    const call = () =>
      computeCapacity({
        from: '2026-03-10',
        to: '2026-03-09',
        weeklyCapacityMinutes: 2400,
        allocations: [],
        loggedMinutes: 0,
      });
    expect(call).toThrow(DomainError);
    expect(call).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'to' }));
  });

  it('books a day max(0, allocation − time off), time off taken from confirmed allocations in the order made', () => {
    // Mon 2 – Fri 6 March, 40 h/week: 8 h a day. A: 20 h/week (4 h/day) made first, B: 15 h/week (3 h/day)
    // made second, T: 10 h/week tentative (2 h/day). 5 h off on Wed 4 March: A gives 4 h, B the last 1 h.
    const result = computeCapacity({
      from: '2026-03-02',
      to: '2026-03-06',
      weeklyCapacityMinutes: 2400,
      allocations: [
        {
          id: 't',
          minutesPerWeek: 600,
          from: '2026-03-02',
          to: '2026-03-06',
          status: 'TENTATIVE',
          createdAt: '2026-01-01T00:00:00Z',
        },
        {
          id: 'b',
          minutesPerWeek: 900,
          from: '2026-03-02',
          to: '2026-03-06',
          status: 'CONFIRMED',
          createdAt: '2026-02-01T00:00:00Z',
        },
        {
          id: 'a',
          minutesPerWeek: 1200,
          from: '2026-03-02',
          to: '2026-03-06',
          status: 'CONFIRMED',
          createdAt: '2026-01-15T00:00:00Z',
        },
      ],
      timeOff: [{ minutesPerDay: 300, from: '2026-03-04', to: '2026-03-04' }],
      loggedMinutes: 0,
    });
    // confirmed: (4 + 3) h × 5 − 5 h = 30 h; tentative 2 h × 5 = 10 h (untouched by the time off);
    // available 40 − 5 − 30 − 10 = −5 h; over-allocated: 7 h ≤ 8 h, and 2 h ≤ 3 h on the 4th → 0 days.
    expect(result).toEqual(
      expect.objectContaining({
        capacityHours: 40,
        timeOffHours: 5,
        confirmedHours: 30,
        tentativeHours: 10,
        availableHours: -5,
        overAllocatedDays: 0,
      }),
    );
  });

  it('answers a ten-year range without walking it day by day', () => {
    // 2026-01-05 (Mon) to 2036-01-04 (Fri; 3652 days inclusive = 521 weeks and 5 days): 521 × 5 + 5 = 2610 days;
    // 10 h/week = 2 h/day → 5220 h.
    const result = computeCapacity({
      from: '2026-01-05',
      to: '2036-01-04',
      weeklyCapacityMinutes: 2400,
      allocations: [{ minutesPerWeek: 600, from: '2000-01-01', to: '2099-12-31' }],
      loggedMinutes: 0,
    });
    expect(result.capacityHours).toBe(2610 * 8);
    expect(result.confirmedHours).toBe(5220);
  });
});
