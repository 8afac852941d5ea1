import { badInput } from '@platform/errors';
import { minutesFromHours, moneyFromInput, requiredText, type MoneyInput } from '@platform/domain-kit';
import { roleKey } from '@platform/events';
import { amountForMinutes, formatMinor, money, percent, type Money } from '@platform/money';

export interface EstimateLineInput {
  role: string;
  hours: number;
  /** Deprecated: the cost rate is the role card's; a value that differs from it is refused. */
  costRate?: MoneyInput | null;
  /** Defaults to the role card's bill rate. */
  billRate?: MoneyInput | null;
}

/** A role's rates in force on one date, from finance's card. */
export interface CardRate {
  costRate: Money;
  billRate: Money;
}

/** The role card in force on the estimate's start date, keyed by roleKey(). */
export type RoleCard = ReadonlyMap<string, CardRate>;

export interface EstimateInput {
  lines: readonly EstimateLineInput[];
  price: MoneyInput;
  startDate: string;
  endDate: string;
  scope: string;
}

export interface EstimateLine {
  role: string;
  minutes: number;
  /** The role card's cost rate on the estimate's start date; null when the card has none. */
  costRate: Money | null;
  billRate: Money;
}

/** An estimate as validated input; every amount is in `currency`. */
export interface EstimateDraft {
  currency: string;
  lines: EstimateLine[];
  price: Money;
  startDate: string;
  endDate: string;
  scope: string;
}

/** The stored estimate of an opportunity. */
export interface EstimateRecord extends EstimateDraft {
  opportunityId: string;
  revision: number;
}

export interface EstimateFigures {
  totalMinutes: number;
  /** Null while a line's role has no cost rate on the card (see rolesWithoutCostRate). */
  cost: Money | null;
  margin: Money | null;
  /** margin / price × 100; null when the price is 0 or the cost is unknown. */
  marginPercent: number | null;
  /** Roles of the lines the card has no cost rate for, in line order, each once. */
  rolesWithoutCostRate: string[];
}

const MAX_LINES = 200;

function amount(input: MoneyInput, field: string, currency: string | null): Money {
  const parsed = moneyFromInput(input, field);
  if (currency !== null && parsed.currency !== currency) {
    throw badInput(
      `${field}.currency`,
      `every rate and the price of one estimate share one currency (${currency}); got ${parsed.currency}`,
    );
  }
  if (parsed.minor < 0n) throw badInput(`${field}.amount`, 'must not be negative');
  return parsed;
}

const cardRateIn = (card: RoleCard, role: string, currency: string): CardRate | null => {
  const rate = card.get(roleKey(role));
  // Currencies never mix: a card rate in another currency is no rate for this estimate.
  return rate && rate.costRate.currency === currency ? rate : null;
};

const shown = (m: Money) => `${formatMinor(m.minor, m.currency)} ${m.currency}`;

/**
 * Validates an estimate as the user sent it, naming the first offending field (`field` is the
 * path of the input object, e.g. "input"). Each line's cost rate is the role card's in force
 * on the start date (`card`, ARCHITECTURE.md "Rate cards and honest estimates"), never typed:
 * a typed cost rate that differs from the card is refused, naming the card's. The bill rate
 * defaults to the card's. Pure: nothing is read or written.
 */
export function parseEstimateInput(input: EstimateInput, field: string, card: RoleCard): EstimateDraft {
  const price = amount(input.price, `${field}.price`, null);
  const currency = price.currency;
  if (input.lines.length === 0) throw badInput(`${field}.lines`, 'an estimate needs at least one line');
  if (input.lines.length > MAX_LINES)
    throw badInput(`${field}.lines`, `an estimate has at most ${MAX_LINES} lines`);
  const lines = input.lines.map((line, i): EstimateLine => {
    const path = `${field}.lines.${i}`;
    // At most 100,000 hours a line (minutesFromHours), far inside an integer of minutes in total.
    const minutes = minutesFromHours(line.hours, `${path}.hours`);
    const role = requiredText(line.role, `${path}.role`);
    const rate = cardRateIn(card, role, currency);
    if (line.costRate !== null && line.costRate !== undefined) {
      const typed = amount(line.costRate, `${path}.costRate`, currency);
      if (!rate) {
        throw badInput(
          `${path}.costRate`,
          `cost rates come from finance's role card, which has none for ${role} on ${input.startDate}; leave costRate out`,
        );
      }
      if (typed.minor !== rate.costRate.minor) {
        throw badInput(
          `${path}.costRate`,
          `the cost rate of ${role} on ${input.startDate} is ${shown(rate.costRate)} (finance's role card); leave costRate out`,
        );
      }
    }
    let billRate: Money;
    if (line.billRate !== null && line.billRate !== undefined) {
      billRate = amount(line.billRate, `${path}.billRate`, currency);
    } else if (rate) {
      billRate = rate.billRate;
    } else {
      throw badInput(
        `${path}.billRate`,
        `finance's role card has no bill rate for ${role} on ${input.startDate} in ${currency}: give a billRate`,
      );
    }
    return { role, minutes, costRate: rate?.costRate ?? null, billRate };
  });
  const roles = new Map<string, EstimateLine>();
  lines.forEach((line, i) => {
    const seen = roles.get(roleKey(line.role));
    // The contract carries one bill rate per role: two lines of a role must agree on it.
    if (seen && seen.billRate.minor !== line.billRate.minor) {
      throw badInput(
        `${field}.lines.${i}.billRate`,
        `${line.role} is already priced at ${shown(seen.billRate)} an hour on another line; one role has one bill rate`,
      );
    }
    roles.set(roleKey(line.role), seen ?? line);
  });
  if (input.endDate < input.startDate)
    throw badInput(`${field}.endDate`, 'must not be before the start date');
  return {
    currency,
    lines,
    price,
    startDate: input.startDate,
    endDate: input.endDate,
    scope: requiredText(input.scope, `${field}.scope`),
  };
}

/** A DELIVERY counter-estimate line as reviewed: role and whole minutes. */
export interface SuggestedLineInput {
  role: string;
  hours: number;
}

/**
 * Validates a counter-estimate and costs it at the card (the seller's estimate's start date and
 * currency), as the seller's lines are costed. Pure.
 */
export function parseSuggestedLines(
  input: readonly SuggestedLineInput[],
  field: string,
  card: RoleCard,
  currency: string,
): Array<Pick<EstimateLine, 'role' | 'minutes' | 'costRate'>> {
  return checkSuggestedLines(input, field).map(({ role, minutes }) => ({
    role,
    minutes,
    costRate: cardRateIn(card, role, currency)?.costRate ?? null,
  }));
}

/**
 * The counter-estimate's own rules (at least one line, at most MAX_LINES, whole minutes, a role):
 * checked before anything is read, so bad input is refused as such whatever the opportunity's state.
 */
export function checkSuggestedLines(
  input: readonly SuggestedLineInput[],
  field: string,
): Array<{ role: string; minutes: number }> {
  if (input.length === 0) throw badInput(field, 'a counter-estimate needs at least one line');
  if (input.length > MAX_LINES) throw badInput(field, `a counter-estimate has at most ${MAX_LINES} lines`);
  return input.map((line, i) => {
    const path = `${field}.${i}`;
    return {
      minutes: minutesFromHours(line.hours, `${path}.hours`),
      role: requiredText(line.role, `${path}.role`),
    };
  });
}

/**
 * Hours, cost and margin of an estimate. Each line is costed like a time entry,
 * round_half_even(minutes × cost rate / 60), and the cost is the sum of the line amounts.
 */
export function estimateFigures(estimate: {
  currency: string;
  lines: ReadonlyArray<Pick<EstimateLine, 'role' | 'minutes' | 'costRate'>>;
  price: Money;
}): EstimateFigures {
  let totalMinutes = 0;
  let cost = 0n;
  const missing = new Map<string, string>();
  for (const line of estimate.lines) {
    totalMinutes += line.minutes;
    if (line.costRate === null) {
      if (!missing.has(roleKey(line.role))) missing.set(roleKey(line.role), line.role);
      continue;
    }
    cost += amountForMinutes(line.minutes, line.costRate.minor);
  }
  if (missing.size > 0) {
    return {
      totalMinutes,
      cost: null,
      margin: null,
      marginPercent: null,
      rolesWithoutCostRate: [...missing.values()],
    };
  }
  const margin = estimate.price.minor - cost;
  return {
    totalMinutes,
    cost: money(cost, estimate.currency),
    margin: money(margin, estimate.currency),
    marginPercent: percent(margin, estimate.price.minor),
    rolesWithoutCostRate: [],
  };
}
