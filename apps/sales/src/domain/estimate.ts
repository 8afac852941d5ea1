import { badInput } from '@platform/errors';
import { minutesFromHours, moneyFromInput, requiredText, type MoneyInput } from '@platform/domain-kit';
import { amountForMinutes, money, percent, type Money } from '@platform/money';

export interface EstimateLineInput {
  role: string;
  hours: number;
  costRate: MoneyInput;
  billRate: MoneyInput;
}

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
  costRate: Money;
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
  cost: Money;
  margin: Money;
  /** margin / price × 100; null when the price is 0. */
  marginPercent: number | null;
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

/**
 * Validates an estimate as the user sent it, naming the first offending field (`field` is the
 * path of the input object, e.g. "input"). Pure: nothing is read or written.
 */
export function parseEstimateInput(input: EstimateInput, field: string): EstimateDraft {
  const price = amount(input.price, `${field}.price`, null);
  const currency = price.currency;
  if (input.lines.length === 0) throw badInput(`${field}.lines`, 'an estimate needs at least one line');
  if (input.lines.length > MAX_LINES)
    throw badInput(`${field}.lines`, `an estimate has at most ${MAX_LINES} lines`);
  const lines = input.lines.map((line, i): EstimateLine => {
    const path = `${field}.lines.${i}`;
    // At most 100,000 hours a line (minutesFromHours), far inside an integer of minutes in total.
    const minutes = minutesFromHours(line.hours, `${path}.hours`);
    return {
      role: requiredText(line.role, `${path}.role`),
      minutes,
      costRate: amount(line.costRate, `${path}.costRate`, currency),
      billRate: amount(line.billRate, `${path}.billRate`, currency),
    };
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

/**
 * Hours, cost and margin of an estimate. Each line is costed like a time entry,
 * round_half_even(minutes × cost rate / 60), and the cost is the sum of the line amounts.
 */
export function estimateFigures(
  estimate: Pick<EstimateDraft, 'currency' | 'lines' | 'price'>,
): EstimateFigures {
  let totalMinutes = 0;
  let cost = 0n;
  for (const line of estimate.lines) {
    totalMinutes += line.minutes;
    cost += amountForMinutes(line.minutes, line.costRate.minor);
  }
  const margin = estimate.price.minor - cost;
  return {
    totalMinutes,
    cost: money(cost, estimate.currency),
    margin: money(margin, estimate.currency),
    marginPercent: percent(margin, estimate.price.minor),
  };
}
