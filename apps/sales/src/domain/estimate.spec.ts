import { DomainError } from '@platform/errors';
import { money } from '@platform/money';
import { estimateFigures, parseEstimateInput, type EstimateInput, type RoleCard } from './estimate';

const usd = (amount: string) => ({ amount, currency: 'USD' });
const usdMinor = (minor: bigint) => money(minor, 'USD');

/** Finance's role card on 2026-03-02 (keyed by roleKey: trimmed, lower-cased). */
const CARD: RoleCard = new Map([
  ['engineer', { costRate: usdMinor(8501n), billRate: usdMinor(15_000n) }],
  ['designer', { costRate: usdMinor(6250n), billRate: usdMinor(12_000n) }],
  ['developer', { costRate: usdMinor(5000n), billRate: usdMinor(6000n) }],
]);

const valid = () =>
  ({
    lines: [
      { role: 'Engineer', hours: 10.5, costRate: usd('85.01'), billRate: usd('150.00') },
      { role: 'Designer', hours: 0.75, costRate: usd('62.50'), billRate: usd('120.00') },
    ],
    price: usd('1200.00'),
    startDate: '2026-03-02',
    endDate: '2026-04-30',
    scope: 'Build the thing',
  }) satisfies EstimateInput;

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') return error.field;
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('estimate math', () => {
  it('costs each line as round_half_even(minutes × cost rate / 60) and sums the lines (worked example)', () => {
    // Engineer: 10.5 h = 630 min at 85.01/h = 8501 minor → 630 × 8501 / 60 = 89 260.5 → 89 260 (half to even)
    // Designer: 0.75 h = 45 min at 62.50/h = 6250 minor → 45 × 6250 / 60 = 4 687.5 → 4 688 (half to even)
    // cost = 89 260 + 4 688 = 93 948 → 939.48; margin = 1200.00 − 939.48 = 260.52
    // margin % = 260.52 / 1200.00 × 100 = 21.71
    const figures = estimateFigures(parseEstimateInput(valid(), 'input', CARD));
    expect(figures).toEqual({
      totalMinutes: 675,
      cost: { minor: 93_948n, currency: 'USD' },
      margin: { minor: 26_052n, currency: 'USD' },
      marginPercent: 21.71,
      rolesWithoutCostRate: [],
    });
  });

  it('has no margin percent when the price is 0, and a negative margin when cost exceeds the price', () => {
    const figures = estimateFigures(parseEstimateInput({ ...valid(), price: usd('0') }, 'input', CARD));
    expect(figures.marginPercent).toBeNull();
    expect(figures.margin).toEqual({ minor: -93_948n, currency: 'USD' });
  });

  it('keeps whole minutes and currency minor units from the input', () => {
    const draft = parseEstimateInput(valid(), 'input', CARD);
    expect(draft.currency).toBe('USD');
    expect(draft.lines.map((l) => l.minutes)).toEqual([630, 45]);
    expect(draft.lines[0].costRate).toEqual({ minor: 8501n, currency: 'USD' });
    expect(draft.price).toEqual({ minor: 120_000n, currency: 'USD' });
  });
});

describe('estimate input', () => {
  it('refuses hours that are zero, negative or not whole minutes', () => {
    const withHours = (hours: number) => {
      const input = valid();
      return { ...input, lines: [input.lines[0], { ...input.lines[1], hours }] };
    };
    expect(fieldOf(() => parseEstimateInput(withHours(0), 'input', CARD))).toBe('input.lines.1.hours');
    expect(fieldOf(() => parseEstimateInput(withHours(-1), 'input', CARD))).toBe('input.lines.1.hours');
    expect(fieldOf(() => parseEstimateInput(withHours(0.001), 'input', CARD))).toBe('input.lines.1.hours');
  });

  it('refuses a currency that is not ISO 4217', () => {
    expect(
      fieldOf(() =>
        parseEstimateInput({ ...valid(), price: { amount: '10', currency: 'XXY' } }, 'input', CARD),
      ),
    ).toBe('input.price.currency');
  });

  it('refuses more decimals than the currency allows', () => {
    const input = valid();
    input.lines[0] = { ...input.lines[0], costRate: usd('85.015') };
    expect(fieldOf(() => parseEstimateInput(input, 'input', CARD))).toBe('input.lines.0.costRate.amount');
    expect(
      fieldOf(() =>
        parseEstimateInput({ ...valid(), price: { amount: '10.5', currency: 'JPY' } }, 'input', CARD),
      ),
    ).toBe('input.price.amount');
  });

  it('refuses mixed currencies within one estimate, naming the first odd one out', () => {
    const input = valid();
    input.lines[1] = { ...input.lines[1], billRate: { amount: '120.00', currency: 'EUR' } };
    expect(fieldOf(() => parseEstimateInput(input, 'input', CARD))).toBe('input.lines.1.billRate.currency');
  });

  it('refuses negative amounts', () => {
    expect(fieldOf(() => parseEstimateInput({ ...valid(), price: usd('-1.00') }, 'input', CARD))).toBe(
      'input.price.amount',
    );
    const input = valid();
    input.lines[0] = { ...input.lines[0], billRate: usd('-0.01') };
    expect(fieldOf(() => parseEstimateInput(input, 'input', CARD))).toBe('input.lines.0.billRate.amount');
  });

  it('refuses an end date before the start date', () => {
    expect(fieldOf(() => parseEstimateInput({ ...valid(), endDate: '2026-03-01' }, 'input', CARD))).toBe(
      'input.endDate',
    );
  });

  it('refuses an empty scope, no lines and an empty role', () => {
    expect(fieldOf(() => parseEstimateInput({ ...valid(), scope: '   ' }, 'input', CARD))).toBe(
      'input.scope',
    );
    expect(fieldOf(() => parseEstimateInput({ ...valid(), lines: [] }, 'input', CARD))).toBe('input.lines');
    const input = valid();
    input.lines[0] = { ...input.lines[0], role: '' };
    expect(fieldOf(() => parseEstimateInput(input, 'input', CARD))).toBe('input.lines.0.role');
  });
});

describe('estimates costed from finance’s role card', () => {
  const developer = (over: Record<string, unknown> = {}) =>
    ({
      lines: [{ role: 'Developer', hours: 100, billRate: usd('55.00'), ...over }],
      price: usd('5500.00'),
      startDate: '2026-03-02',
      endDate: '2026-04-30',
      scope: 'Build the thing',
    }) satisfies EstimateInput;

  it('costs 100 h of Developer at the card’s 50.00 whatever the seller would type (worked example)', () => {
    // cost = 6000 min × 5000 minor / 60 = 500 000 → 5,000.00; margin = 5,500.00 − 5,000.00 = 500.00
    // margin % = 500 / 5500 × 100 = 9.0909… (percent() keeps 4 decimals; the API shows 9.0909,
    // people read 9.09): under the 20 % threshold, so FINANCE must approve
    const figures = estimateFigures(parseEstimateInput(developer(), 'input', CARD));
    expect(figures).toEqual({
      totalMinutes: 6000,
      cost: { minor: 500_000n, currency: 'USD' },
      margin: { minor: 50_000n, currency: 'USD' },
      marginPercent: 9.0909,
      rolesWithoutCostRate: [],
    });
  });

  it('refuses a typed cost rate that differs from the card, naming the card’s rate', () => {
    expect(() => parseEstimateInput(developer({ costRate: usd('1.00') }), 'input', CARD)).toThrow(
      expect.objectContaining({
        field: 'input.lines.0.costRate',
        message: expect.stringContaining('50.00 USD'),
      }),
    );
    // The card's own value is accepted (old clients that still send it).
    expect(
      parseEstimateInput(developer({ costRate: usd('50.00') }), 'input', CARD).lines[0].costRate,
    ).toEqual(usdMinor(5000n));
  });

  it('defaults the bill rate to the card’s, and lets the seller price above or below it', () => {
    expect(parseEstimateInput(developer({ billRate: undefined }), 'input', CARD).lines[0].billRate).toEqual(
      usdMinor(6000n),
    );
    expect(parseEstimateInput(developer(), 'input', CARD).lines[0].billRate).toEqual(usdMinor(5500n));
  });

  it('matches roles trimmed and case-insensitively', () => {
    expect(parseEstimateInput(developer({ role: '  DEVELOPER ' }), 'input', CARD).lines[0]).toMatchObject({
      role: 'DEVELOPER',
      costRate: usdMinor(5000n),
    });
  });

  it('leaves the cost unknown for a role the card has no rate for, naming the role', () => {
    const draft = parseEstimateInput(developer({ role: 'Architect' }), 'input', CARD);
    expect(draft.lines[0].costRate).toBeNull();
    expect(estimateFigures(draft)).toMatchObject({
      cost: null,
      margin: null,
      marginPercent: null,
      rolesWithoutCostRate: ['Architect'],
    });
    // Without a card rate there is no bill rate to default to.
    expect(
      fieldOf(() => parseEstimateInput(developer({ role: 'Architect', billRate: undefined }), 'input', CARD)),
    ).toBe('input.lines.0.billRate');
  });

  it('refuses one role priced at two bill rates (the contract carries one rate per role)', () => {
    const input = developer();
    const twice = {
      ...input,
      lines: [...input.lines, { role: 'developer', hours: 1, billRate: usd('60.00') }],
    };
    expect(fieldOf(() => parseEstimateInput(twice, 'input', CARD))).toBe('input.lines.1.billRate');
  });
});
