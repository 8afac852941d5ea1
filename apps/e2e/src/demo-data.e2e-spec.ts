import { DEMO_ADMIN_ID, seedDemo, type DemoSummary } from '@platform/seed';
import { eventually, startStack, type Stack } from '@platform/testing';

// The demo `npm start` loads (libs/seed seedDemo), run against the whole stack behind the real
// gateway: it must show what the product does — every risk reason on some engagement, each
// suggested colour, closed engagements, and open opportunities whose estimates learnt from them.

type Rag = 'GREEN' | 'AMBER' | 'RED';
const RISK_REASONS = [
  'MARGIN_BELOW_THRESHOLD',
  'OVER_BUDGET',
  'BURN_AHEAD_OF_SCHEDULE',
  'FORECAST_OVER_BUDGET',
  'FORECAST_MARGIN_BELOW_THRESHOLD',
];

interface DemoEngagement {
  name: string;
  status: string;
  riskReasons: string[];
  suggestedStatus: Record<'schedule' | 'budget' | 'scope', { rag: Rag; facts: string[] }>;
  financials: {
    budgetHours: number;
    loggedHours: number;
    burnPercent: number;
    riskReasons: string[];
    forecast: { eacHours: number };
  } | null;
}

interface DemoOpportunity {
  title: string;
  stage: string;
  estimate: {
    lines: Array<{
      role: string;
      hours: number;
      calibration: { medianVariancePercent: number; samples: number; suggestedHours: number } | null;
    }>;
    calibrated: { totalHours: number; marginPercent: number | null } | null;
  } | null;
}

const ENGAGEMENTS = `{ engagements(first: 50) { edges { node {
  name status riskReasons
  suggestedStatus { schedule { rag facts } budget { rag facts } scope { rag facts } }
  financials { budgetHours loggedHours burnPercent riskReasons forecast { eacHours } }
} } } }`;

const OPPORTUNITIES = `{ opportunities { title stage estimate {
  lines { role hours calibration { medianVariancePercent samples suggestedHours } }
  calibrated { totalHours marginPercent }
} } }`;

const worst = (s: DemoEngagement['suggestedStatus']): Rag =>
  (['RED', 'AMBER', 'GREEN'] as const).find((rag) =>
    [s.schedule, s.budget, s.scope].some((x) => x.rag === rag),
  )!;

let stack: Stack;
let admin: string;
let summary: DemoSummary | null;

beforeAll(async () => {
  stack = await startStack();
  admin = await stack.token(DEMO_ADMIN_ID, ['ADMIN'], 'Demo check');
  summary = await seedDemo(stack);
}, 400_000);

afterAll(async () => {
  await stack?.stop();
});

async function engagements(): Promise<DemoEngagement[]> {
  const body = await stack.query<{ engagements: { edges: Array<{ node: DemoEngagement }> } }>(
    admin,
    ENGAGEMENTS,
  );
  expect(body.errors).toBeUndefined();
  return body.data!.engagements.edges.map((e) => e.node);
}

describe('the demo data', () => {
  it('loads once: a second run finds team members and does nothing', async () => {
    expect(summary).toMatchObject({ members: 14, clients: 5, closed: 3 });
    expect(await seedDemo(stack)).toBeNull();
  });

  it('shows every risk reason on some engagement, GREEN, AMBER and RED engagements, and 3 closed', async () => {
    // Accounting raises reasons from the time entries, allocations and forecasts it consumes.
    const seen = await eventually(async () => {
      const all = await engagements();
      const open = all.filter((e) => e.status !== 'CLOSED');
      const reasons = new Set(open.flatMap((e) => [...e.riskReasons, ...(e.financials?.riskReasons ?? [])]));
      const colours = new Set(open.map((e) => worst(e.suggestedStatus)));
      const closed = all.filter((e) => e.status === 'CLOSED').length;
      const done = RISK_REASONS.every((r) => reasons.has(r)) && colours.size === 3 && closed >= 3;
      return done ? all : undefined;
    }, 120_000).catch(async () => engagements());
    const report = seen.map(
      (e) =>
        `${e.name}: ${e.status} ${worst(e.suggestedStatus)} [${e.riskReasons.join(', ')}] ` +
        `budget ${e.financials?.budgetHours} h, logged ${e.financials?.loggedHours} h, eac ${e.financials?.forecast.eacHours} h`,
    );
    process.stdout.write(
      `demo seeded in ${summary?.seconds} s ${JSON.stringify(summary?.phases)}; engagements:\n  ${report.join('\n  ')}\n`,
    );

    // On open engagements: the closed ones ran over their estimates too, but a demo shows it live.
    const open = seen.filter((e) => e.status !== 'CLOSED');
    const reasons = new Set(open.flatMap((e) => [...e.riskReasons, ...(e.financials?.riskReasons ?? [])]));
    expect([...reasons].sort()).toEqual([...RISK_REASONS].sort());
    expect(new Set(open.map((e) => worst(e.suggestedStatus)))).toEqual(new Set(['GREEN', 'AMBER', 'RED']));
    expect(seen.filter((e) => e.status === 'CLOSED').length).toBeGreaterThanOrEqual(3);
    // The over-budget engagement logged more than it sold.
    const over = open.find((e) => e.riskReasons.includes('OVER_BUDGET'))!;
    expect(over.financials!.loggedHours).toBeGreaterThan(over.financials!.budgetHours);
    // Engagements staffed and logged differently land differently.
    const eac = new Set(open.map((e) => e.financials?.forecast.eacHours));
    expect(eac.size).toBeGreaterThan(1);
  }, 180_000);

  it("shows an open opportunity's Developer line calibrated by the closed engagements", async () => {
    // Median of the closed engagements' Developer variances +10, +20, +30 % = +20 %, so the
    // IN_REVIEW Fleet analytics pilot's 72 Developer hours suggest 72 × 1.2 = 86.4 h.
    const opportunities = await eventually(async () => {
      const body = await stack.query<{ opportunities: DemoOpportunity[] }>(admin, OPPORTUNITIES);
      expect(body.errors).toBeUndefined();
      const open = body.data!.opportunities.filter((o) => ['ESTIMATING', 'IN_REVIEW'].includes(o.stage));
      const calibrated = open.filter((o) =>
        o.estimate?.lines.some((l) => l.role === 'Developer' && (l.calibration?.samples ?? 0) >= 3),
      );
      return calibrated.length > 0 ? open : undefined;
    }, 120_000);
    process.stdout.write(
      `demo opportunities:\n  ${opportunities
        .map(
          (o) =>
            `${o.title} (${o.stage}): ${o.estimate?.lines
              .map(
                (l) =>
                  `${l.role} ${l.hours} h → ${l.calibration ? `${l.calibration.suggestedHours} h (median ${l.calibration.medianVariancePercent} %, ${l.calibration.samples} samples)` : 'none'}`,
              )
              .join('; ')}; calibrated ${JSON.stringify(o.estimate?.calibrated)}`,
        )
        .join('\n  ')}\n`,
    );
    const fleet = opportunities.find((o) => o.title === 'Fleet analytics pilot')!;
    const developer = fleet.estimate!.lines.find((l) => l.role === 'Developer')!;
    expect(developer.calibration).toEqual({ medianVariancePercent: 20, samples: 3, suggestedHours: 86.4 });
    expect(fleet.estimate!.calibrated).not.toBeNull();
  }, 180_000);
});
