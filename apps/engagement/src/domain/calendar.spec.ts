import { overlap, workingDaysBetween } from './calendar';

describe('working days', () => {
  it('counts Monday to Friday, both ends included', () => {
    // 2026-03-02 is a Monday.
    expect(workingDaysBetween('2026-03-02', '2026-03-08')).toBe(5);
    expect(workingDaysBetween('2026-03-02', '2026-03-15')).toBe(10);
    expect(workingDaysBetween('2026-03-07', '2026-03-08')).toBe(0);
    expect(workingDaysBetween('2026-03-06', '2026-03-09')).toBe(2);
  });

  it('counts nothing for an empty range', () => {
    expect(workingDaysBetween('2026-03-10', '2026-03-09')).toBe(0);
  });

  it('finds the common part of two ranges', () => {
    expect(
      overlap({ from: '2026-01-01', to: '2026-01-31' }, { from: '2026-01-15', to: '2026-02-15' }),
    ).toEqual({
      from: '2026-01-15',
      to: '2026-01-31',
    });
    expect(
      overlap({ from: '2026-01-01', to: '2026-01-31' }, { from: '2026-02-01', to: '2026-02-15' }),
    ).toBeNull();
  });
});
