import { contributionOf, costEntry, isNewerState, mergeContributions, negate } from './costing';

const USD_RATE = { currency: 'USD', costRateMinor: 101n, billRateMinor: 10_000n };

describe('costing a time entry', () => {
  it('costs minutes at round_half_even(minutes × rate / 60) for cost and bill', () => {
    // cost: 30 × 101 / 60 = 50.5 → 50 (even); bill: 30 × 10000 / 60 = 5000
    expect(costEntry(30, 'USD', USD_RATE)).toEqual({
      costing: 'COSTED',
      currency: 'USD',
      costMinor: 50n,
      billMinor: 5000n,
    });
    // cost: 90 × 101 / 60 = 151.5 → 152 (even); bill: 90 × 10000 / 60 = 15000
    expect(costEntry(90, 'USD', USD_RATE).costMinor).toBe(152n);
  });

  it('costs 0 while no rate is in force', () => {
    expect(costEntry(60, 'USD', null)).toEqual({
      costing: 'NO_RATE',
      currency: null,
      costMinor: 0n,
      billMinor: 0n,
    });
  });

  it('refuses to cost an entry whose rate currency differs from the engagement currency', () => {
    expect(costEntry(60, 'EUR', USD_RATE)).toEqual({
      costing: 'CURRENCY_MISMATCH',
      currency: 'USD',
      costMinor: 0n,
      billMinor: 0n,
    });
  });

  it('waits for the ledger before costing an entry of an unknown engagement', () => {
    expect(costEntry(60, null, USD_RATE).costing).toBe('NO_ENGAGEMENT');
  });

  it('adds bill amounts to the rollup for billable entries only, and money only when costed', () => {
    const base = {
      engagementId: 'e',
      memberId: 'm',
      date: '2026-01-05',
      minutes: 60,
      deleted: false,
      currency: 'USD',
    };
    expect(
      contributionOf({ ...base, billable: false, costing: 'COSTED', costMinor: 101n, billMinor: 10_000n }),
    ).toMatchObject({
      minutes: 60,
      billableMinutes: 0,
      costMinor: 101n,
      billMinor: 0n,
    });
    expect(
      contributionOf({ ...base, billable: true, costing: 'CURRENCY_MISMATCH', costMinor: 0n, billMinor: 0n }),
    ).toMatchObject({ minutes: 60, billableMinutes: 60, costMinor: 0n, billMinor: 0n });
    expect(
      contributionOf({
        ...base,
        billable: true,
        deleted: true,
        costing: 'DELETED',
        costMinor: 0n,
        billMinor: 0n,
      }),
    ).toBeNull();
  });

  it('merges rollup deltas of one row and drops those that cancel', () => {
    const c = {
      engagementId: 'e',
      memberId: 'm',
      day: '2026-01-05',
      minutes: 60,
      billableMinutes: 60,
      costMinor: 5n,
      billMinor: 7n,
    };
    expect(mergeContributions([c, negate(c)])).toEqual([]);
    expect(
      mergeContributions([c, { ...c, minutes: 30, billableMinutes: 0, costMinor: 1n, billMinor: 0n }]),
    ).toEqual([{ ...c, minutes: 90, billableMinutes: 60, costMinor: 6n, billMinor: 7n }]);
  });

  it('ignores an entry event older than the state held, and lets a deletion win a tie', () => {
    const held = { stateAt: new Date('2026-01-05T10:00:00Z'), deleted: true };
    expect(isNewerState(held, new Date('2026-01-05T09:00:00Z'), false)).toBe(false);
    expect(isNewerState(held, new Date('2026-01-05T10:00:00Z'), false)).toBe(false);
    expect(isNewerState({ ...held, deleted: false }, new Date('2026-01-05T10:00:00Z'), true)).toBe(true);
    expect(isNewerState(held, new Date('2026-01-05T11:00:00Z'), false)).toBe(true);
    expect(isNewerState(null, new Date('2020-01-01T00:00:00Z'), false)).toBe(true);
  });
});
