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
      // No contract rate for the entry's role: billed at the member's own rate.
      offContract: true,
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
      offContract: false,
    });
  });

  it('refuses to cost an entry whose rate currency differs from the engagement currency', () => {
    expect(costEntry(60, 'EUR', USD_RATE)).toEqual({
      costing: 'CURRENCY_MISMATCH',
      currency: 'USD',
      costMinor: 0n,
      billMinor: 0n,
      offContract: false,
    });
  });

  it('bills at the contract rate of the entry’s role, costs at the member’s rate', () => {
    // bill: 450 × 17000 / 60 = 127500 (1,275.00 at the contract's 170.00, not 1,500.00 at 200.00);
    // cost: 450 × 101 / 60 = 757.5 → 758 (even).
    const member = { currency: 'USD', costRateMinor: 101n, billRateMinor: 20_000n };
    expect(costEntry(450, 'USD', member, { currency: 'USD', billRateMinor: 17_000n })).toEqual({
      costing: 'COSTED',
      currency: 'USD',
      costMinor: 758n,
      billMinor: 127_500n,
      offContract: false,
    });
    // A contract rate in another currency is never used: the member's rate applies, off contract.
    expect(costEntry(450, 'USD', member, { currency: 'EUR', billRateMinor: 17_000n })).toMatchObject({
      billMinor: 150_000n,
      offContract: true,
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
      roleKey: null,
      offContract: false,
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
