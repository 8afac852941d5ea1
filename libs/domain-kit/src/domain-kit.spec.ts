import { DomainError } from '@platform/errors';
import {
  addDays,
  addDaysToInstant,
  daysBetween,
  hasRole,
  isUuid,
  monthSegments,
  requireRole,
  requireUuid,
  weekday,
  toEpochDay,
  workingDaysBetween,
  type Actor,
} from './index';

describe('dates: one module, one signature (YYYY-MM-DD strings in UTC)', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    // 2028 is a leap year: 2028-02-28 + 1 = 2028-02-29, + 2 = 2028-03-01.
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-28', 2)).toBe('2028-03-01');
    // 2027 is not: 2027-02-28 + 1 = 2027-03-01.
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('counts days and weekdays from the epoch', () => {
    // 1970-01-01 was a Thursday (4); 2026-03-02 is a Monday (1).
    expect(weekday(toEpochDay('1970-01-01'))).toBe(4);
    expect(weekday(toEpochDay('2026-03-02'))).toBe(1);
    // January 2026 has 31 days: 2026-01-01 → 2026-02-01 is 31 days.
    expect(daysBetween('2026-01-01', '2026-02-01')).toBe(31);
    expect(daysBetween('2026-02-01', '2026-01-01')).toBe(-31);
  });

  it('counts Monday to Friday in a range, both ends included', () => {
    // 2026-03-02 (Mon) … 2026-03-15 (Sun): two full weeks = 2 × 5 = 10 working days.
    expect(workingDaysBetween('2026-03-02', '2026-03-15')).toBe(10);
    // 2026-03-07 (Sat) … 2026-03-08 (Sun): none; an empty range: none.
    expect(workingDaysBetween('2026-03-07', '2026-03-08')).toBe(0);
    expect(workingDaysBetween('2026-03-09', '2026-03-02')).toBe(0);
  });

  it('splits a period into calendar months', () => {
    expect(monthSegments('2026-01-15', '2026-03-10')).toEqual([
      { month: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { month: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
  });

  it('adds whole days to an instant for deadlines counted from a moment', () => {
    // 14 days × 24 h after 2026-03-01T10:30Z.
    expect(addDaysToInstant(new Date('2026-03-01T10:30:00Z'), 14).toISOString()).toBe(
      '2026-03-15T10:30:00.000Z',
    );
  });
});

describe('ids: one UUID rule, lower-cased once at the edge', () => {
  it('accepts either case and returns the canonical lower-case id', () => {
    expect(requireUuid('3F2504E0-4F89-41D3-9A0C-0305E82C3301', 'input.id')).toBe(
      '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    );
    expect(isUuid('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBe(true);
  });

  it('refuses anything else as bad input naming the field', () => {
    expect(() => requireUuid('42', 'input.memberId')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.memberId' }),
    );
    expect(isUuid('3f2504e0-4f89-41d3-9a0c-0305e82c330')).toBe(false);
  });
});

describe('Actor: roles on plain values', () => {
  const finance: Actor = { id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', roles: ['FINANCE'] };
  const admin: Actor = { id: '3f2504e0-4f89-41d3-9a0c-0305e82c3302', roles: ['ADMIN'] };

  it('lets ADMIN do what any role grants', () => {
    expect(hasRole(finance, 'FINANCE')).toBe(true);
    expect(hasRole(finance, 'SALES')).toBe(false);
    expect(hasRole(admin, 'SALES')).toBe(true);
  });

  it('refuses a missing role with FORBIDDEN naming the roles that would do', () => {
    let caught: unknown;
    try {
      requireRole(finance, 'SALES', 'DELIVERY');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Requires one of the roles ADMIN, SALES, DELIVERY',
    });
  });
});
