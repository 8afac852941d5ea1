import { amountForMinutes } from '@platform/money';

/** How a time entry was costed (or why it could not be). */
export type Costing = 'COSTED' | 'NO_RATE' | 'NO_ENGAGEMENT' | 'CURRENCY_MISMATCH' | 'DELETED';

export interface RateInForce {
  currency: string;
  costRateMinor: bigint;
  billRateMinor: bigint;
}

/** The contract's bill rate for the role an entry was worked under (or a change order's). */
export interface ContractRate {
  currency: string;
  billRateMinor: bigint;
}

export interface EntryCosting {
  costing: Costing;
  currency: string | null;
  costMinor: bigint;
  billMinor: bigint;
  /** Billed at the member's own rate because the contract has no rate for the entry's role. */
  offContract: boolean;
}

const uncosted = (costing: Costing, currency: string | null = null): EntryCosting => ({
  costing,
  currency,
  costMinor: 0n,
  billMinor: 0n,
  offContract: false,
});

/**
 * Costs one entry at the member's rate in force on its date: round_half_even(minutes × rate /
 * 60). It is billed at the contract's rate for the role it was worked under
 * (ARCHITECTURE.md, "Rate cards and honest estimates"); where the contract has none, at the
 * member's own bill rate, and the entry is off the contract. Without a ledger the currency is
 * unknown, so nothing is costed yet; a rate in another currency than the engagement's is
 * refused (never converted, never summed).
 */
export function costEntry(
  minutes: number,
  engagementCurrency: string | null,
  rate: RateInForce | null,
  contractRate: ContractRate | null = null,
): EntryCosting {
  if (engagementCurrency === null) return uncosted('NO_ENGAGEMENT');
  if (rate === null) return uncosted('NO_RATE');
  if (rate.currency !== engagementCurrency) return uncosted('CURRENCY_MISMATCH', rate.currency);
  const onContract = contractRate !== null && contractRate.currency === engagementCurrency;
  return {
    costing: 'COSTED',
    currency: rate.currency,
    costMinor: amountForMinutes(minutes, rate.costRateMinor),
    billMinor: amountForMinutes(minutes, onContract ? contractRate.billRateMinor : rate.billRateMinor),
    offContract: !onContract,
  };
}

/** What an entry adds to the rollups: its minutes always, its money only when costed. */
export interface RollupContribution {
  engagementId: string;
  memberId: string;
  day: string;
  minutes: number;
  billableMinutes: number;
  costMinor: bigint;
  billMinor: bigint;
}

export interface EntryState extends EntryCosting {
  roleKey: string | null;
  engagementId: string;
  memberId: string;
  date: string;
  minutes: number;
  billable: boolean;
  deleted: boolean;
}

export function contributionOf(entry: EntryState): RollupContribution | null {
  if (entry.deleted) return null;
  const costed = entry.costing === 'COSTED';
  return {
    engagementId: entry.engagementId,
    memberId: entry.memberId,
    day: entry.date,
    minutes: entry.minutes,
    billableMinutes: entry.billable ? entry.minutes : 0,
    costMinor: costed ? entry.costMinor : 0n,
    billMinor: costed && entry.billable ? entry.billMinor : 0n,
  };
}

export const negate = (c: RollupContribution): RollupContribution => ({
  ...c,
  minutes: -c.minutes,
  billableMinutes: -c.billableMinutes,
  costMinor: -c.costMinor,
  billMinor: -c.billMinor,
});

/** Sums contributions that land on the same rollup row; drops the ones that cancel out. */
export function mergeContributions(items: readonly RollupContribution[]): RollupContribution[] {
  const merged = new Map<string, RollupContribution>();
  for (const item of items) {
    const key = `${item.engagementId}|${item.memberId}|${item.day}`;
    const seen = merged.get(key);
    merged.set(
      key,
      seen
        ? {
            ...seen,
            minutes: seen.minutes + item.minutes,
            billableMinutes: seen.billableMinutes + item.billableMinutes,
            costMinor: seen.costMinor + item.costMinor,
            billMinor: seen.billMinor + item.billMinor,
          }
        : item,
    );
  }
  return [...merged.values()].filter(
    (c) => c.minutes !== 0 || c.billableMinutes !== 0 || c.costMinor !== 0n || c.billMinor !== 0n,
  );
}

/**
 * Whether an event about an entry is newer than the state held. A deletion wins a tie, so a
 * TimeLogged stamped the same instant as its deletion does not bring the entry back.
 */
export function isNewerState(
  held: { stateAt: Date; deleted: boolean } | null,
  eventAt: Date,
  eventDeletes: boolean,
): boolean {
  if (held === null) return true;
  const diff = eventAt.getTime() - held.stateAt.getTime();
  return diff > 0 || (diff === 0 && eventDeletes && !held.deleted);
}
