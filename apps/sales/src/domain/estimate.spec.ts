import { DomainError } from '@platform/errors';
import { estimateFigures, parseEstimateInput, type EstimateInput } from './estimate';

const usd = (amount: string) => ({ amount, currency: 'USD' });

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
    const figures = estimateFigures(parseEstimateInput(valid(), 'input'));
    expect(figures).toEqual({
      totalMinutes: 675,
      cost: { minor: 93_948n, currency: 'USD' },
      margin: { minor: 26_052n, currency: 'USD' },
      marginPercent: 21.71,
    });
  });

  it('has no margin percent when the price is 0, and a negative margin when cost exceeds the price', () => {
    const figures = estimateFigures(parseEstimateInput({ ...valid(), price: usd('0') }, 'input'));
    expect(figures.marginPercent).toBeNull();
    expect(figures.margin).toEqual({ minor: -93_948n, currency: 'USD' });
  });

  it('keeps whole minutes and currency minor units from the input', () => {
    const draft = parseEstimateInput(valid(), 'input');
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
    expect(fieldOf(() => parseEstimateInput(withHours(0), 'input'))).toBe('input.lines.1.hours');
    expect(fieldOf(() => parseEstimateInput(withHours(-1), 'input'))).toBe('input.lines.1.hours');
    expect(fieldOf(() => parseEstimateInput(withHours(0.001), 'input'))).toBe('input.lines.1.hours');
  });

  it('refuses a currency that is not ISO 4217', () => {
    expect(
      fieldOf(() => parseEstimateInput({ ...valid(), price: { amount: '10', currency: 'XXY' } }, 'input')),
    ).toBe('input.price.currency');
  });

  it('refuses more decimals than the currency allows', () => {
    const input = valid();
    input.lines[0] = { ...input.lines[0], costRate: usd('85.015') };
    expect(fieldOf(() => parseEstimateInput(input, 'input'))).toBe('input.lines.0.costRate.amount');
    expect(
      fieldOf(() => parseEstimateInput({ ...valid(), price: { amount: '10.5', currency: 'JPY' } }, 'input')),
    ).toBe('input.price.amount');
  });

  it('refuses mixed currencies within one estimate, naming the first odd one out', () => {
    const input = valid();
    input.lines[1] = { ...input.lines[1], billRate: { amount: '120.00', currency: 'EUR' } };
    expect(fieldOf(() => parseEstimateInput(input, 'input'))).toBe('input.lines.1.billRate.currency');
  });

  it('refuses negative amounts', () => {
    expect(fieldOf(() => parseEstimateInput({ ...valid(), price: usd('-1.00') }, 'input'))).toBe(
      'input.price.amount',
    );
    const input = valid();
    input.lines[0] = { ...input.lines[0], billRate: usd('-0.01') };
    expect(fieldOf(() => parseEstimateInput(input, 'input'))).toBe('input.lines.0.billRate.amount');
  });

  it('refuses an end date before the start date', () => {
    expect(fieldOf(() => parseEstimateInput({ ...valid(), endDate: '2026-03-01' }, 'input'))).toBe(
      'input.endDate',
    );
  });

  it('refuses an empty scope, no lines and an empty role', () => {
    expect(fieldOf(() => parseEstimateInput({ ...valid(), scope: '   ' }, 'input'))).toBe('input.scope');
    expect(fieldOf(() => parseEstimateInput({ ...valid(), lines: [] }, 'input'))).toBe('input.lines');
    const input = valid();
    input.lines[0] = { ...input.lines[0], role: '' };
    expect(fieldOf(() => parseEstimateInput(input, 'input'))).toBe('input.lines.0.role');
  });
});
