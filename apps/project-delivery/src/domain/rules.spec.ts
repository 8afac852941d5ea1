import { addDays, daysBetween, todayUtc, weekday, toEpochDay } from '@platform/domain-kit';
import {
  applyChangeOrder,
  atLeastOneRole,
  dayTotalWithin,
  entryMinutes,
  movedMilestoneDue,
  nextMilestoneStatus,
  nextProjectStatus,
  notInFuture,
  optionalNote,
  requiredName,
  validEmail,
  weeklyCapacityMinutes,
} from './rules';

const badInputOn = (field: string) => expect.objectContaining({ code: 'BAD_USER_INPUT', field });

describe('team member validation', () => {
  it('requires a non-empty name', () => {
    expect(() => requiredName('   ', 'input.name')).toThrow(badInputOn('input.name'));
    expect(requiredName('  Ada Lovelace ', 'input.name')).toBe('Ada Lovelace');
  });
  it('requires a valid email address', () => {
    expect(() => validEmail('not-an-email', 'input.email')).toThrow(badInputOn('input.email'));
    expect(() => validEmail('a b@example.com', 'input.email')).toThrow(badInputOn('input.email'));
    expect(validEmail(' ada@example.com ', 'input.email')).toBe('ada@example.com');
  });
  it('stores weekly capacity in whole minutes between 0 and 168 hours', () => {
    expect(weeklyCapacityMinutes(37.5, 'f')).toBe(2250);
    expect(weeklyCapacityMinutes(0, 'f')).toBe(0);
    expect(weeklyCapacityMinutes(168, 'f')).toBe(10080);
    expect(() => weeklyCapacityMinutes(168.5, 'input.weeklyCapacityHours')).toThrow(
      badInputOn('input.weeklyCapacityHours'),
    );
    expect(() => weeklyCapacityMinutes(-1, 'input.weeklyCapacityHours')).toThrow(
      badInputOn('input.weeklyCapacityHours'),
    );
    expect(() => weeklyCapacityMinutes(1.001, 'input.weeklyCapacityHours')).toThrow(
      badInputOn('input.weeklyCapacityHours'),
    );
  });
  it('requires at least one role', () => {
    expect(() => atLeastOneRole([], 'input.roles')).toThrow(badInputOn('input.roles'));
    expect(atLeastOneRole(['MEMBER', 'MEMBER', 'DELIVERY'], 'input.roles')).toEqual(['MEMBER', 'DELIVERY']);
  });
});

describe('time entry limits', () => {
  it('accepts 1 to 1440 whole minutes per entry', () => {
    expect(entryMinutes(1, 'input.minutes')).toBe(1);
    expect(entryMinutes(1440, 'input.minutes')).toBe(1440);
    expect(() => entryMinutes(0, 'input.minutes')).toThrow(badInputOn('input.minutes'));
    expect(() => entryMinutes(1441, 'input.minutes')).toThrow(badInputOn('input.minutes'));
    expect(() => entryMinutes(1.5, 'input.minutes')).toThrow(badInputOn('input.minutes'));
  });
  it('allows at most 1440 minutes per member-day in total', () => {
    expect(() => dayTotalWithin(1000, 440, 'input.minutes')).not.toThrow();
    expect(() => dayTotalWithin(1000, 441, 'input.minutes')).toThrow(badInputOn('input.minutes'));
  });
  it('refuses dates after today (UTC)', () => {
    expect(() => notInFuture('2026-03-05', '2026-03-05', 'input.date')).not.toThrow();
    expect(() => notInFuture('2026-03-06', '2026-03-05', 'input.date')).toThrow(badInputOn('input.date'));
  });
  it('takes today from the UTC calendar, not the local one', () => {
    expect(todayUtc(new Date('2026-03-05T23:30:00-05:00'))).toBe('2026-03-06');
  });
  it('limits notes to 2000 characters and treats a blank note as none', () => {
    expect(optionalNote('x'.repeat(2000), 'input.note')).toHaveLength(2000);
    expect(() => optionalNote('x'.repeat(2001), 'input.note')).toThrow(badInputOn('input.note'));
    expect(optionalNote('   ', 'input.note')).toBeNull();
  });
});

describe('project lifecycle', () => {
  it('starts a PLANNED project, completes an ACTIVE one and cancels either', () => {
    expect(nextProjectStatus('PLANNED', 'start')).toBe('ACTIVE');
    expect(nextProjectStatus('ACTIVE', 'complete')).toBe('COMPLETED');
    expect(nextProjectStatus('PLANNED', 'cancel')).toBe('CANCELLED');
    expect(nextProjectStatus('ACTIVE', 'cancel')).toBe('CANCELLED');
  });
  it('refuses every other move with CONFLICT', () => {
    const conflict = expect.objectContaining({ code: 'CONFLICT' });
    expect(() => nextProjectStatus('ACTIVE', 'start')).toThrow(conflict);
    expect(() => nextProjectStatus('PLANNED', 'complete')).toThrow(conflict);
    expect(() => nextProjectStatus('COMPLETED', 'cancel')).toThrow(conflict);
    expect(() => nextProjectStatus('CANCELLED', 'start')).toThrow(conflict);
  });
  it('delivers an OPEN milestone and signs off only a DELIVERED one', () => {
    expect(nextMilestoneStatus('OPEN', 'deliver')).toBe('DELIVERED');
    expect(nextMilestoneStatus('DELIVERED', 'signOff')).toBe('SIGNED_OFF');
    expect(() => nextMilestoneStatus('OPEN', 'signOff')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => nextMilestoneStatus('SIGNED_OFF', 'deliver')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});

describe('change orders', () => {
  const project = { budgetMinutes: 6000, startDate: '2026-03-01', dueDate: '2026-06-30' };
  it('adds the minutes to the budget and moves the due date by the schedule delta', () => {
    expect(applyChangeOrder(project, { minutesDelta: 600, scheduleDeltaDays: 14 })).toEqual({
      budgetMinutes: 6600,
      dueDate: '2026-07-14',
    });
  });
  it('never takes the budget below zero nor the due date before the start', () => {
    expect(applyChangeOrder(project, { minutesDelta: -9000, scheduleDeltaDays: -200 })).toEqual({
      budgetMinutes: 0,
      dueDate: '2026-03-01',
    });
  });
});

describe('milestones moved by an approved change order', () => {
  const project = { startDate: '2027-01-04' };
  it('moves a milestone by the schedule delta, like the project (2027-02-15 + 10 days = 2027-02-25)', () => {
    // February 2027 has 28 days: 15 + 10 = 25, no month end crossed.
    expect(movedMilestoneDue({ dueDate: '2027-02-15' }, project, { scheduleDeltaDays: 10 })).toBe(
      '2027-02-25',
    );
    // Across the month end: 2027-02-25 + 10 = 2027-03-07 (25 + 10 = 35 − 28 days of February).
    expect(movedMilestoneDue({ dueDate: '2027-02-25' }, project, { scheduleDeltaDays: 10 })).toBe(
      '2027-03-07',
    );
  });
  it('moves it earlier on a shrinking order (2027-02-15 − 20 days = 2027-01-26)', () => {
    // 15 − 20 = −5 → 31 − 5 = 2027-01-26, still after the start 2027-01-04.
    expect(movedMilestoneDue({ dueDate: '2027-02-15' }, project, { scheduleDeltaDays: -20 })).toBe(
      '2027-01-26',
    );
  });
  it("never takes it before the project's start, nor moves one already before the start later", () => {
    // 2027-01-10 − 30 days = 2026-12-11, before the start 2027-01-04: the start.
    expect(movedMilestoneDue({ dueDate: '2027-01-10' }, project, { scheduleDeltaDays: -30 })).toBe(
      '2027-01-04',
    );
    // Due 2027-01-01, already before the start: a shrinking order leaves it where it was.
    expect(movedMilestoneDue({ dueDate: '2027-01-01' }, project, { scheduleDeltaDays: -5 })).toBe(
      '2027-01-01',
    );
    // A growing order still moves it: 2027-01-01 + 5 = 2027-01-06.
    expect(movedMilestoneDue({ dueDate: '2027-01-01' }, project, { scheduleDeltaDays: 5 })).toBe(
      '2027-01-06',
    );
  });
});

describe('calendar dates', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-01-01', '2026-04-11')).toBe(100);
  });
  it('knows 2026-03-01 is a Sunday', () => {
    expect(weekday(toEpochDay('2026-03-01'))).toBe(0);
    expect(weekday(toEpochDay('1969-12-31'))).toBe(3);
  });
});
