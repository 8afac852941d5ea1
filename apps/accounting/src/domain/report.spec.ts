import { periodPlan } from './report';
import type { LedgerFacts } from './financials';
import {
  buildProfitabilityReport,
  parseReportInput,
  type PeriodSums,
  type ReportEngagementFacts,
} from './report';
import { csvField, neutraliseFormula, profitabilityCsv } from './report-csv';

const ledger = (over: Partial<LedgerFacts>): LedgerFacts => ({
  engagementId: 'e-tm',
  name: 'T&M',
  clientId: 'c1',
  clientName: 'Acme',
  pricingModel: 'TIME_AND_MATERIALS',
  currency: 'USD',
  contractValueMinor: 0n,
  budgetMinutes: 0,
  estimatedMinutes: 0,
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  accountManagerId: null,
  deliveryOwnerId: 'o1',
  updatedAt: new Date(0),
  ...over,
});

const sums = (minutes: number, costMinor: bigint, billMinor = 0n, billableMinutes = minutes): PeriodSums => ({
  minutes,
  billableMinutes,
  costMinor,
  billMinor,
});

const facts = (over: Partial<ReportEngagementFacts> & { ledger: LedgerFacts }): ReportEngagementFacts => ({
  clientLabel: 'Acme',
  accountManagerName: null,
  deliveryOwnerName: 'Olga',
  minutesBeforeFrom: 0,
  changeOrders: [],
  months: new Map(),
  ...over,
});

describe('profitability report', () => {
  const tm = facts({
    ledger: ledger({}),
    months: new Map([
      ['2026-01', sums(120, 10_000n, 30_000n)],
      ['2026-02', sums(60, 5_000n, 15_000n)],
    ]),
  });
  // Fixed fee 120000 USD, budget 600 min; 300 min before the period; CO +30000 / +120 min approved 2026-02-10.
  const ff = facts({
    ledger: ledger({
      engagementId: 'e-ff',
      name: 'Fixed',
      pricingModel: 'FIXED_FEE',
      contractValueMinor: 120_000n,
      budgetMinutes: 600,
      clientId: 'c2',
    }),
    clientLabel: 'Beta, "the" client',
    minutesBeforeFrom: 300,
    changeOrders: [{ approvedOn: '2026-02-10', amountMinor: 30_000n, minutes: 120 }],
    months: new Map([
      ['2026-01', sums(60, 4_000n)],
      ['2026-02', sums(60, 4_000n)],
    ]),
  });
  // Retainer 90000 EUR over Jan–Mar 2026 (30000 a month).
  const retainer = facts({
    ledger: ledger({
      engagementId: 'e-ret',
      name: 'Retainer',
      pricingModel: 'RETAINER',
      currency: 'EUR',
      contractValueMinor: 90_000n,
      startDate: '2026-01-01',
      endDate: '2026-03-31',
    }),
  });

  it('recognizes period revenue as the cumulative figure at the end minus the day before the start', () => {
    const report = buildProfitabilityReport({ from: '2026-01-01', to: '2026-02-28', groupBy: 'ENGAGEMENT' }, [
      tm,
      ff,
      retainer,
    ]);
    const byKey = Object.fromEntries(report.rows.map((r) => [r.key, r]));
    // T&M: billable bill amounts dated in the period: 30000 + 15000
    expect(byKey['e-tm'].revenueMinor).toBe(45_000n);
    expect(byKey['e-tm'].costMinor).toBe(15_000n);
    // Fixed fee: cumulative at 2025-12-31 = 120000 × 300 / 600 = 60000;
    // at 2026-02-28 = (120000 + 30000) × 420 / (600 + 120) = 150000 × 420 / 720 = 87500 → 87500 − 60000 = 27500
    expect(byKey['e-ff'].revenueMinor).toBe(27_500n);
    expect(byKey['e-ff'].minutes).toBe(120);
    // Retainer: January and February have begun: 2 × 30000
    expect(byKey['e-ret'].revenueMinor).toBe(60_000n);
    expect(byKey['e-ret'].marginPercent).toBe(100);
  });

  it('applies the period rule per month for MONTH grouping so the months add up to the whole period', () => {
    const input = { from: '2026-01-01', to: '2026-02-28' } as const;
    const months = buildProfitabilityReport({ ...input, groupBy: 'MONTH' }, [tm, ff]);
    // January: T&M 30000; fixed fee 120000 × 360 / 600 = 72000 − 60000 = 12000 → 42000
    // February: T&M 15000; fixed fee 87500 − 72000 = 15500 → 30500
    expect(months.rows.map((r) => [r.key, r.revenueMinor])).toEqual([
      ['2026-01', 42_000n],
      ['2026-02', 30_500n],
    ]);
    const whole = buildProfitabilityReport({ ...input, groupBy: 'CLIENT' }, [tm, ff]);
    expect(whole.totals).toEqual(months.totals);
  });

  it('never sums currencies: one total row per currency', () => {
    const report = buildProfitabilityReport(
      { from: '2026-01-01', to: '2026-03-31', groupBy: 'DELIVERY_OWNER' },
      [tm, retainer],
    );
    expect(report.rows.map((r) => [r.key, r.label, r.currency])).toEqual([
      ['o1', 'Olga', 'EUR'],
      ['o1', 'Olga', 'USD'],
    ]);
    expect(report.totals.map((t) => [t.currency, t.revenueMinor])).toEqual([
      ['EUR', 90_000n],
      ['USD', 45_000n],
    ]);
  });

  it('groups engagements without an owner under Unassigned and sorts rows by label', () => {
    const report = buildProfitabilityReport(
      { from: '2026-01-01', to: '2026-02-28', groupBy: 'ACCOUNT_MANAGER' },
      [tm],
    );
    expect(report.rows.map((r) => [r.key, r.label])).toEqual([['UNASSIGNED', 'Unassigned']]);
    const byClient = buildProfitabilityReport({ from: '2026-01-01', to: '2026-02-28', groupBy: 'CLIENT' }, [
      tm,
      ff,
    ]);
    expect(byClient.rows.map((r) => r.label)).toEqual(['Acme', 'Beta, "the" client']);
  });

  it('refuses a period that ends before it starts, spans more than 3 years or groups by nothing known', () => {
    const field = (f: string) => `input.${f}`;
    expect(() =>
      parseReportInput({ from: '2026-02-01', to: '2026-01-31', groupBy: 'CLIENT' }, field),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.to' }));
    expect(() =>
      parseReportInput({ from: '2020-01-01', to: '2026-01-31', groupBy: 'CLIENT' }, field),
    ).toThrow(expect.objectContaining({ field: 'input.to' }));
    expect(() =>
      parseReportInput({ from: '2026-02-30', to: '2026-03-01', groupBy: 'CLIENT' }, field),
    ).toThrow(expect.objectContaining({ field: 'input.from' }));
    expect(() => parseReportInput({ from: '2026-01-01', to: '2026-03-01', groupBy: 'YEAR' }, field)).toThrow(
      expect.objectContaining({ field: 'input.groupBy' }),
    );
    expect(parseReportInput({ from: '2026-01-01', to: '2026-01-01', groupBy: 'MONTH' }, field)).toEqual({
      from: '2026-01-01',
      to: '2026-01-01',
      groupBy: 'MONTH',
    });
  });

  it('reads whole months from the monthly rollup and only the partial edges from the daily one', () => {
    expect(periodPlan('2026-01-01', '2026-03-31')).toEqual({
      months: ['2026-01-01', '2026-03-01'],
      head: null,
      tail: null,
    });
    expect(periodPlan('2026-01-15', '2026-04-10')).toEqual({
      months: ['2026-02-01', '2026-03-01'],
      head: ['2026-01-15', '2026-01-31'],
      tail: ['2026-04-01', '2026-04-10'],
    });
    expect(periodPlan('2026-01-15', '2026-02-10')).toEqual({
      months: null,
      head: ['2026-01-15', '2026-02-10'],
      tail: null,
    });
  });

  it('writes CSV with quoted labels and a TOTAL row per currency', () => {
    const report = buildProfitabilityReport({ from: '2026-01-01', to: '2026-02-28', groupBy: 'CLIENT' }, [
      ff,
    ]);
    // revenue 27500 (see above), cost 8000, margin 19500 = 70.909 % of revenue; 120 min = 2.00 h
    expect(profitabilityCsv(report).split('\r\n')).toEqual([
      'key,label,currency,revenue,cost,margin,marginPercent,hours,billableHours',
      'c2,"Beta, ""the"" client",USD,275.00,80.00,195.00,70.909,2.00,2.00',
      'TOTAL,Total,USD,275.00,80.00,195.00,70.909,2.00,2.00',
      '',
    ]);
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  describe('CSV injection (OWASP)', () => {
    it('turns a cell starting with =, +, -, @, tab or CR into text with a leading quote', () => {
      expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(
        '"\'=HYPERLINK(""http://evil.example"",""x"")"',
      );
      expect(csvField('+1+1')).toBe("'+1+1");
      expect(csvField('-2+3')).toBe("'-2+3");
      expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
      expect(csvField('\t=1+1')).toBe("'\t=1+1");
      expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
      expect(csvField('-')).toBe("'-");
    });

    it('keeps negative numbers as numbers and leaves ordinary text alone', () => {
      expect(csvField('-12.50')).toBe('-12.50');
      expect(csvField('-3')).toBe('-3');
      expect(csvField('-0.11')).toBe('-0.11');
      expect(neutraliseFormula('Acme = Best')).toBe('Acme = Best');
      expect(neutraliseFormula('12')).toBe('12');
    });

    it('neutralises a client named as a formula in the profitability CSV but not a negative margin', () => {
      const evil = {
        ...ff,
        clientLabel: "=cmd|' /C calc'!A0",
        months: new Map([
          ['2026-01', sums(60, 20_000n)],
          ['2026-02', sums(60, 20_000n)],
        ]),
      };
      const report = buildProfitabilityReport({ from: '2026-01-01', to: '2026-02-28', groupBy: 'CLIENT' }, [
        evil,
      ]);
      // revenue 27500 minor (see above), cost 2 × 20000 = 40000, margin 27500 − 40000 = −12500
      // = "-125.00"; margin % = trunc(−12500 × 1e6 / 27500) / 1e4 = −454545 / 1e4 = −45.4545
      const [, row] = profitabilityCsv(report).split('\r\n');
      expect(row).toBe("c2,'=cmd|' /C calc'!A0,USD,275.00,400.00,-125.00,-45.4545,2.00,2.00");
    });
  });
});
