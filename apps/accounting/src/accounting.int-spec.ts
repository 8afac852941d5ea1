import type { EventPayload } from '@platform/events';
import { readTopic } from '@platform/messaging';
import { IDENTITY_HEADER, signIdentity } from '@platform/graphql-kit';
import {
  KAFKA_BROKERS,
  TEST_SIGNING_SECRET,
  eventually,
  identity,
  startTestService,
  type TestService,
} from '@platform/testing';
import { accountingService } from './service';
import {
  buildScenario,
  feed,
  finance,
  financialsOf,
  reportOf,
  setRate,
  SET_RATE,
  REPORT,
  type FinancialsOut,
  type RowOut,
} from './testing/scenario';

const s = buildScenario();
let service: TestService;

const money = (amount: string, currency = 'USD') => ({ amount, currency });

async function settledFinancials(
  engagementId: string,
  check: (f: FinancialsOut) => boolean,
): Promise<FinancialsOut> {
  return eventually(async () => {
    const f = await financialsOf(service, engagementId);
    return f && check(f) ? f : null;
  });
}

async function csv(query: string, who = finance): Promise<Response> {
  const url = new URL(service.url);
  url.pathname = '/reports/profitability.csv';
  url.search = query;
  return fetch(url, { headers: { [IDENTITY_HEADER]: signIdentity(who, TEST_SIGNING_SECRET) } });
}

beforeAll(async () => {
  service = await startTestService(accountingService);
  for (const rate of s.rates) await setRate(service, rate);
  // Every time entry arrives before accounting knows its engagement.
  await feed(service, s.deliveryEvents);
  await eventually(async () => {
    const [row] = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM costed_time_entries`,
    )) as Array<{ n: number }>;
    return row.n === 11;
  });
});

afterAll(async () => {
  await service?.close();
});

describe('accounting subgraph', () => {
  it('keeps time entries that arrive before their engagement and counts them once the ledger exists', async () => {
    expect(await financialsOf(service, s.ids.tm)).toBeNull();
    await feed(service, s.engagementEvents);
    const f = await settledFinancials(s.ids.tm, (x) => x.cost.amount !== '0.00');
    // Alice, rate 1.01 / 100.00 USD from 2026-01-01 and 2.00 / 150.00 from 2026-02-01:
    //   t1 30 min billable: cost 30 × 101 / 60 = 50.5 → 50 (half even), bill 5000
    //   t2 90 min billable: cost 151.5 → 152 (half even), bill 15000
    //   t3 60 min not billable: cost 101
    //   t4 60 min billable on 2026-02-10 at the February rate: cost 200, bill 15000
    //   t5 45 min corrected to 15 min billable: cost 25.25 → 25, bill 2500
    //   t6 deleted; t9 deleted before its (older) TimeLogged arrived: neither counts
    //   t7 Bob, EUR rate on a USD engagement: hours count, money is not summed
    // cost = 50 + 152 + 101 + 200 + 25 = 528; revenue = 5000 + 15000 + 15000 + 2500 = 37500
    expect(f).toMatchObject({
      contractValue: money('10000.00'),
      changeOrderValue: money('0.00'),
      revenue: money('375.00'),
      cost: money('5.28'),
      margin: money('369.72'),
      // 36972 / 37500 = 98.592 %
      marginPercent: 98.592,
      // 30 + 90 + 60 + 60 + 15 + 60 = 315 min; billable 255 min
      loggedHours: 5.25,
      billableHours: 4.25,
      budgetHours: 100,
      estimatedHours: 80,
      // 315 / 6000 = 5.25 %; (315 − 4800) / 4800 = −93.4375 %
      burnPercent: 5.25,
      estimateVariancePercent: -93.4375,
      atRisk: false,
    });
  });

  it('re-costs the entries a retroactive rate governs, until the next rate', async () => {
    await setRate(service, s.retroactiveRate);
    const f = await financialsOf(service, s.ids.tm);
    // 1.20 / 120.00 from 2026-01-15 until 2026-02-01: t3 cost 120; t5 (15 min) cost 30, bill 3000.
    // cost = 50 + 152 + 120 + 200 + 30 = 552; revenue = 5000 + 15000 + 15000 + 3000 = 38000
    expect(f).toMatchObject({
      revenue: money('380.00'),
      cost: money('5.52'),
      margin: money('374.48'),
      marginPercent: 98.5473,
    });
  });

  it('costs each entry of a period at the rate in force on its date when the rate changes mid-period', async () => {
    const report = await reportOf(service, { from: '2026-01-15', to: '2026-02-15', groupBy: 'ENGAGEMENT' });
    // t5 (01-16, 1.20): 30 / 3000; t3 (01-20, 1.20, not billable): 120; t4 (02-10, 2.00 / 150.00): 200 / 15000
    expect(report.rows).toEqual([
      {
        key: s.ids.tm,
        label: 'Acme T&M',
        currency: 'USD',
        revenue: money('180.00'),
        cost: money('3.50'),
        margin: money('176.50'),
        marginPercent: 98.0555,
        hours: 2.25,
        billableHours: 1.25,
      },
    ]);
  });

  it('recognizes a fixed fee by effort, with an approved change order moving value and budget', async () => {
    const f = await settledFinancials(s.ids.ff, (x) => x.invoiced.amount !== '0.00');
    // value 1200.00 + CO 300.00; budget 600 + 120 min; logged 300 + 120 = 420 min at 30.00/h
    // revenue = 150000 × 420 / 720 = 87500; cost = 420 × 3000 / 60 = 21000
    expect(f).toMatchObject({
      contractValue: money('1200.00'),
      changeOrderValue: money('300.00'),
      revenue: money('875.00'),
      cost: money('210.00'),
      margin: money('665.00'),
      marginPercent: 76,
      invoiced: money('500.00'),
      budgetHours: 12,
      loggedHours: 7,
      // 420 / 720 = 58.3333 %; (420 − 600) / 600 = −30 %
      burnPercent: 58.3333,
      estimateVariancePercent: -30,
      atRisk: false,
    });
    const before = await reportOf(service, { from: '2026-03-01', to: '2026-03-11', groupBy: 'ENGAGEMENT' });
    const after = await reportOf(service, { from: '2026-03-12', to: '2026-03-31', groupBy: 'ENGAGEMENT' });
    // to 03-11: CO approved 03-10 counts; 150000 × 300 / 720 = 62500 (from 0 the day before)
    // to 03-31: 87500 − 62500 = 25000
    expect(before.rows.find((r) => r.key === s.ids.ff)?.revenue).toEqual(money('625.00'));
    expect(after.rows.find((r) => r.key === s.ids.ff)?.revenue).toEqual(money('250.00'));
  });

  it('spreads a retainer over its months and costs the member in the engagement currency', async () => {
    const f = await settledFinancials(s.ids.retainer, (x) => x.cost.amount !== '0.00');
    // 900.00 EUR over Jan–Mar 2025, all begun; Bob 60 min at 50.00 EUR = 50.00
    expect(f).toMatchObject({
      revenue: money('900.00', 'EUR'),
      cost: money('50.00', 'EUR'),
      marginPercent: 94.4444,
      burnPercent: 0,
      estimateVariancePercent: null,
    });
    const feb = await reportOf(service, { from: '2025-02-01', to: '2025-02-28', groupBy: 'ENGAGEMENT' });
    // February is one of 3 months: 90000 / 3 = 30000
    expect(feb.rows).toEqual([
      expect.objectContaining({
        key: s.ids.retainer,
        revenue: money('300.00', 'EUR'),
        cost: money('50.00', 'EUR'),
        hours: 1,
      }),
    ]);
  });

  it('reports per group and currency with one total per currency, never summing currencies', async () => {
    const report = await reportOf(service, { from: '2025-01-01', to: '2026-03-31', groupBy: 'CLIENT' });
    expect(report.rows.map((r) => [r.key, r.label, r.currency, r.revenue.amount, r.cost.amount])).toEqual([
      // Acme: T&M 380.00 + fixed fee 875.00; cost 5.52 + 210.00
      [s.ids.clientAcme, 'Acme, Inc.', 'USD', '1255.00', '215.52'],
      [s.ids.clientBeta, 'Beta "Labs"', 'EUR', '900.00', '50.00'],
    ]);
    expect(report.totals.map((t) => [t.key, t.currency, t.revenue.amount])).toEqual([
      ['TOTAL', 'EUR', '900.00'],
      ['TOTAL', 'USD', '1255.00'],
    ]);
    const owners = await reportOf(service, {
      from: '2025-01-01',
      to: '2026-03-31',
      groupBy: 'DELIVERY_OWNER',
    });
    expect(owners.rows.map((r) => [r.label, r.currency])).toEqual([
      ['Olga Owner', 'EUR'],
      ['Olga Owner', 'USD'],
    ]);
    const months = await reportOf(service, { from: '2026-01-01', to: '2026-03-31', groupBy: 'MONTH' });
    expect(months.rows.map((r) => [r.key, r.revenue.amount])).toEqual([
      // Jan: 5000 + 15000 + 3000; Feb: 15000; Mar: fixed fee 87500
      ['2026-01', '230.00'],
      ['2026-02', '150.00'],
      ['2026-03', '875.00'],
    ]);
  });

  it('serves the same report as CSV, quoting labels', async () => {
    const query = 'from=2025-01-01&to=2026-03-31&groupBy=CLIENT';
    const response = await csv(`?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="profitability-2025-01-01-2026-03-31-CLIENT.csv"',
    );
    const report = await reportOf(service, { from: '2025-01-01', to: '2026-03-31', groupBy: 'CLIENT' });
    const line = (r: RowOut) =>
      [
        r.key,
        /[",\n]/.test(r.label) ? `"${r.label.replace(/"/g, '""')}"` : r.label,
        r.currency,
        r.revenue.amount,
        r.cost.amount,
        r.margin.amount,
        r.marginPercent === null ? '' : String(r.marginPercent),
        r.hours.toFixed(2),
        r.billableHours.toFixed(2),
      ].join(',');
    expect(await response.text()).toBe(
      [
        'key,label,currency,revenue,cost,margin,marginPercent,hours,billableHours',
        ...report.rows.map(line),
        ...report.totals.map(line),
      ]
        .map((l) => `${l}\r\n`)
        .join(''),
    );
    expect((await csv('?from=2026-02-01&to=2026-01-01&groupBy=CLIENT')).status).toBe(400);
    expect((await csv('?from=2026-01-01&to=2026-02-01&groupBy=YEAR')).status).toBe(400);
    expect((await csv(`?${query}`, identity(s.ids.alice, ['DELIVERY', 'MEMBER']))).status).toBe(403);
  });

  it('issues one invoice per signed-off milestone, however often the sign-off is delivered', async () => {
    const signOff = s.deliveryEvents.find((e) => e.type === 'MilestoneSignedOff');
    // A re-publication of the same fact under a new event id.
    const again = s.ev(
      'MilestoneSignedOff',
      signOff!.payload as EventPayload<'MilestoneSignedOff'>,
      'project-delivery',
    );
    await feed(service, [again]);
    await eventually(async () => {
      const rows = (await service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [
        again.id,
      ])) as unknown[];
      return rows.length === 1;
    });
    const res = await service.query<{
      invoices: Array<{ amount: { amount: string }; reason: string; engagement: { id: string } }>;
    }>(
      `query ($id: ID!) { invoices(engagementId: $id) { id amount { amount currency } issuedAt reason engagement { id } } }`,
      { id: s.ids.ff },
      finance,
    );
    expect(res.data?.invoices).toEqual([
      expect.objectContaining({
        amount: { amount: '500.00', currency: 'USD' },
        reason: 'Milestone "Go-live" signed off',
        engagement: { id: s.ids.ff },
      }),
    ]);
    const issued = await readTopic({
      brokers: KAFKA_BROKERS,
      topic: `${service.topicPrefix}accounting.events`,
      until: (events) => events.some((e) => e.type === 'InvoiceIssued'),
    });
    expect(issued.filter((e) => e.type === 'InvoiceIssued')).toHaveLength(1);
  });

  it('raises a margin alert once per crossing into risk and clears it on recovery', async () => {
    // Budget overrun: 420 + 400 = 820 min > 720 → raised; 10 more minutes while at risk → nothing new
    await feed(service, [
      s.logged(s.ids.entries.t12, s.ids.ff, s.ids.carol, '2026-03-20', 400, true),
      s.logged(s.ids.entries.t13, s.ids.ff, s.ids.carol, '2026-03-21', 10, true),
    ]);
    await settledFinancials(s.ids.ff, (x) => x.loggedHours === 830 / 60 && x.atRisk);
    // A change order of +200 min brings the budget to 920 min: 830 / 920 = 90.2 % → cleared
    await feed(service, [
      s.ev(
        'ChangeOrderApproved',
        {
          engagementId: s.ids.ff,
          changeOrderId: '6f0c8a52-8a0e-4c55-9d7e-2b8f2e1c0a01',
          description: 'More time',
          amountDelta: s.usd(20_000),
          minutesDelta: 200,
          scheduleDeltaDays: 5,
          approvedAt: '2026-03-25T12:00:00.000Z',
        },
        'engagement',
      ),
    ]);
    const f = await settledFinancials(s.ids.ff, (x) => !x.atRisk && x.budgetHours === 920 / 60);
    // revenue = 170000 × 830 / 920 = 153369.57 → 153370; cost = 830 × 50 = 41500
    expect(f).toMatchObject({ revenue: money('1533.70'), cost: money('415.00') });
    const events = await readTopic({
      brokers: KAFKA_BROKERS,
      topic: `${service.topicPrefix}accounting.events`,
      until: (all) => all.some((e) => e.type === 'MarginAlertCleared'),
    });
    const alerts = events.filter(
      (e) => (e.type === 'MarginAlertRaised' || e.type === 'MarginAlertCleared') && e.key === s.ids.ff,
    );
    expect(alerts.map((e) => e.type)).toEqual(['MarginAlertRaised', 'MarginAlertCleared']);
    expect(alerts[0].payload).toMatchObject({ reasons: ['BUDGET_OVERRUN'], thresholdPercent: 20 });
  });

  it('refuses rates whose cost and bill currencies differ, or that are negative or too precise', async () => {
    const base = s.rates[0];
    const attempt = async (input: Record<string, unknown>) =>
      (await service.query(SET_RATE, { input: { ...base, ...input } }, finance)).errors?.[0]?.extensions;
    expect(await attempt({ billRate: { amount: '100.00', currency: 'EUR' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.billRate.currency',
    });
    expect(await attempt({ costRate: { amount: '-1.00', currency: 'USD' } })).toMatchObject({
      field: 'input.costRate.amount',
    });
    expect(await attempt({ costRate: { amount: '1.001', currency: 'USD' } })).toMatchObject({
      field: 'input.costRate.amount',
    });
    expect(await attempt({ costRate: { amount: '1', currency: 'XXX' } })).toMatchObject({
      field: 'input.costRate.currency',
    });
    const res = await service.query<{ setMemberRate: { rates: Array<{ effectiveFrom: string }> } }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on TeamMember { rates { effectiveFrom } } } }`,
      { reps: [{ __typename: 'TeamMember', id: s.ids.alice }] },
      finance,
    );
    // Nothing written by the refused attempts; newest first.
    expect(res.data).toEqual({
      _entities: [
        {
          rates: [
            { effectiveFrom: '2026-02-01' },
            { effectiveFrom: '2026-01-15' },
            { effectiveFrom: '2026-01-01' },
          ],
        },
      ],
    });
  });

  it('refuses a rate for a member accounting does not know (NOT_FOUND) and writes nothing', async () => {
    const counts = async () =>
      (await service.dataSource.query(
        `SELECT (SELECT count(*) FROM member_rates)::int AS rates, (SELECT count(*) FROM outbox)::int AS outbox`,
      )) as Array<{ rates: number; outbox: number }>;
    const before = await counts();
    // An id nobody has, and a client's id: neither is a team member.
    for (const memberId of ['7a1d5c3e-0b4f-4e8a-9c2d-5e6f7a8b9cff', s.ids.clientAcme]) {
      const res = await service.query(SET_RATE, { input: { ...s.rates[0], memberId } }, finance);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.memberId' });
      expect(res.data?.setMemberRate ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });

  it('replaces the rate of a member for the same effective date', async () => {
    const res = await service.query<{
      setMemberRate: { id: string; rates: Array<{ effectiveFrom: string; costRate: { amount: string } }> };
    }>(SET_RATE, { input: { ...s.rates[1], costRate: { amount: '2.50', currency: 'USD' } } }, finance);
    expect(res.data?.setMemberRate.rates.filter((r) => r.effectiveFrom === '2026-02-01')).toEqual([
      expect.objectContaining({ costRate: { amount: '2.50', currency: 'USD' } }),
    ]);
    const f = await financialsOf(service, s.ids.tm);
    // t4 (60 min on 2026-02-10) now costs 250 instead of 200: 552 + 50 = 602
    expect(f?.cost).toEqual(money('6.02'));
  });

  it('shows rates, financials, invoices and reports to FINANCE and ADMIN only', async () => {
    for (const who of [
      identity(s.ids.alice, ['MEMBER']),
      identity(s.ids.owner, ['DELIVERY']),
      identity(s.ids.manager, ['SALES']),
    ]) {
      const financials = await service.query<{ _entities: Array<{ financials: unknown }> }>(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Engagement { financials { revenue { amount } } } } }`,
        { reps: [{ __typename: 'Engagement', id: s.ids.tm }] },
        who,
      );
      expect(financials.data?._entities[0].financials).toBeNull();
      expect(financials.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const rates = await service.query(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on TeamMember { rates { effectiveFrom } } } }`,
        { reps: [{ __typename: 'TeamMember', id: s.ids.alice }] },
        who,
      );
      expect(rates.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const report = await service.query(
        REPORT,
        { input: { from: '2026-01-01', to: '2026-01-31', groupBy: 'CLIENT' } },
        who,
      );
      expect(report.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const invoices = await service.query(
        `query ($id: ID!) { invoices(engagementId: $id) { id } }`,
        { id: s.ids.ff },
        who,
      );
      expect(invoices.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const mutation = await service.query(SET_RATE, { input: s.rates[0] }, who);
      expect(mutation.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const admin = await service.query(REPORT, {
      input: { from: '2026-01-01', to: '2026-01-31', groupBy: 'CLIENT' },
    });
    expect(admin.errors).toBeUndefined();
  });

  it('refuses a report that ends before it starts', async () => {
    const res = await service.query(
      REPORT,
      { input: { from: '2026-02-01', to: '2026-01-31', groupBy: 'CLIENT' } },
      finance,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to' });
  });

  it('computes the financials of many engagements with a bounded number of statements', async () => {
    const reps = [s.ids.tm, s.ids.ff, s.ids.retainer].map((id) => ({ __typename: 'Engagement', id }));
    const { result, queries } = await service.queries.measure(() =>
      service.query<{ _entities: Array<{ financials: unknown }> }>(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Engagement { financials { revenue { amount } } } } }`,
        { reps },
        finance,
      ),
    );
    expect(result.data?._entities.every((e) => e.financials !== null)).toBe(true);
    expect(queries).toBe(1);
  });

  it('never takes budget or value below 0: each change order stops at 0, in approval order', async () => {
    const engagementId = '7a1d5c3e-0b4f-4e8a-9c2d-5e6f7a8b9c01';
    const changeOrder = (changeOrderId: string, amountMinor: number, minutesDelta: number, day: string) =>
      s.ev(
        'ChangeOrderApproved',
        {
          engagementId,
          changeOrderId,
          description: 'Scope change',
          amountDelta: s.usd(amountMinor),
          minutesDelta,
          scheduleDeltaDays: 0,
          approvedAt: `${day}T12:00:00.000Z`,
        },
        'engagement',
      );
    await feed(service, [
      s.opened(engagementId, {
        pricingModel: 'FIXED_FEE',
        contractValue: s.usd(100_000),
        budgetMinutes: 6000,
      }),
      s.logged('7a1d5c3e-0b4f-4e8a-9c2d-5e6f7a8b9c02', engagementId, s.ids.carol, '2026-03-02', 600, true),
      // −1000 h and −5000.00, then +50 h and +200.00
      changeOrder('7a1d5c3e-0b4f-4e8a-9c2d-5e6f7a8b9c03', -500_000, -60_000, '2026-03-05'),
      changeOrder('7a1d5c3e-0b4f-4e8a-9c2d-5e6f7a8b9c04', 20_000, 3000, '2026-03-06'),
    ]);
    await eventually(async () => {
      const [row] = (await service.dataSource.query(
        `SELECT count(*)::int AS n FROM ledger_change_orders WHERE engagement_id = $1`,
        [engagementId],
      )) as Array<{ n: number }>;
      return row.n === 2;
    });
    const f = await settledFinancials(engagementId, (x) => x.loggedHours === 10);
    // budget 6000 min − 60000 → 0 (stops at 0), then + 3000 → 3000 min = 50 h (never −850 h)
    // value 100000 − 500000 → 0, then + 20000 → 20000 minor = 200.00; the change applied = −800.00
    // burn = 600 / 3000 × 100 = 20 %; revenue = 20000 × min(1, 600 / 3000) = 4000 = 40.00
    expect(f).toMatchObject({
      contractValue: money('1000.00'),
      changeOrderValue: money('-800.00'),
      budgetHours: 50,
      burnPercent: 20,
      revenue: money('40.00'),
    });
    const report = await reportOf(service, { from: '2026-03-01', to: '2026-03-31', groupBy: 'ENGAGEMENT' });
    // cumulative at 03-31 (4000) − cumulative at 02-28 (nothing logged: 0) = 4000
    expect(report.rows.find((r) => r.key === engagementId)?.revenue).toEqual(money('40.00'));
  });
});
