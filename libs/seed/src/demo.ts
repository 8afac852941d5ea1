import { isoDay, mapWithConcurrency, pastWeekdays, type SeedTarget } from './client';
import {
  allocate,
  approve,
  assignRoles,
  awaitEngagement,
  changeOrder,
  closeEngagement,
  createClients,
  createOpportunity,
  createProject,
  createTeam,
  logTime,
  markLost,
  setEstimate,
  setMemberRates,
  setRoleCard,
  sign,
  signOffMilestone,
  startProject,
  submitForReview,
  type EstimateLine,
  type Person,
  type PricingModel,
  type RoleCardRate,
  type SeedMember,
} from './steps';

/**
 * The demo `npm start` loads (and the e2e test proves): a team of 14 with rates, five clients,
 * opportunities at every stage, and engagements chosen so the screens have something to say.
 * Every date is relative to the day it is loaded, so what it shows stays true:
 *
 * - Commerce platform rebuild: on track, GREEN (a change order approved);
 * - Core banking integration: allocations beyond the budget, FORECAST_OVER_BUDGET (RED), and a
 *   change order awaiting decision (scope AMBER);
 * - Patient portal support (retainer): MARGIN_BELOW_THRESHOLD, BURN_AHEAD_OF_SCHEDULE,
 *   FORECAST_OVER_BUDGET, FORECAST_MARGIN_BELOW_THRESHOLD (RED);
 * - Loyalty app discovery: still in handoff, staffed beyond what was sold (RED);
 * - Checkout performance fix: more hours logged than sold, OVER_BUDGET (RED);
 * - Claims data migration: half the budget burnt a sixth into the schedule, within budget at
 *   completion, BURN_AHEAD_OF_SCHEDULE only (AMBER);
 * - three engagements CLOSED with a post-implementation review, whose Developer hours ran 10, 20
 *   and 30 % over the estimate: the open opportunities' Developer lines show a calibration
 *   (median +20 %, 3 samples) and their estimates calibrated figures.
 */

export const DEMO_ADMIN_ID = '00000000-0000-4000-8000-000000000001';

const DEMO_TEAM: Person[] = [
  { name: 'Ada Lovelace', title: 'Managing Director', roles: ['ADMIN', 'SALES'], hours: 40 },
  { name: 'Grace Hopper', title: 'Sales Lead', roles: ['SALES'], hours: 40 },
  { name: 'Alan Turing', title: 'Account Executive', roles: ['SALES'], hours: 40 },
  { name: 'Katherine Johnson', title: 'Finance Controller', roles: ['FINANCE'], hours: 40 },
  { name: 'Edsger Dijkstra', title: 'Delivery Director', roles: ['DELIVERY'], hours: 40 },
  { name: 'Barbara Liskov', title: 'Delivery Manager', roles: ['DELIVERY'], hours: 40 },
  { name: 'Donald Knuth', title: 'Delivery Manager', roles: ['DELIVERY'], hours: 32 },
  { name: 'Margaret Hamilton', title: 'Principal Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Linus Torvalds', title: 'Senior Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Radia Perlman', title: 'Senior Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Ken Thompson', title: 'Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Frances Allen', title: 'Business Analyst', roles: ['MEMBER'], hours: 30 },
  { name: 'John Backus', title: 'Designer', roles: ['MEMBER'], hours: 24 },
  { name: 'Hedy Lamarr', title: 'Finance Analyst', roles: ['FINANCE'], hours: 40 },
].map((p) => ({ ...p, primaryRole: primaryRoleOf(p.title) }));

/**
 * The work role each member's time is priced under on a contract (the role card's names).
 * Estimates sell Developer, Business Analyst and Project Manager hours; the principal engineer
 * (Architect) and the designer (Support) work under roles no contract prices, so their billable
 * hours show in EngagementFinancials.offContractHours, billed at their own rates.
 */
function primaryRoleOf(title: string): string | null {
  if (/Principal/.test(title)) return 'Architect';
  if (/Engineer/.test(title)) return 'Developer';
  if (/Analyst/.test(title) && !/Finance/.test(title)) return 'Business Analyst';
  if (/Delivery/.test(title)) return 'Project Manager';
  if (/Designer/.test(title)) return 'Support';
  return null;
}

/** Finance's role card: estimates are costed from it, never from rates the seller types. */
const ROLE_CARD: RoleCardRate[] = [
  { role: 'Developer', cost: 80, bill: 150 },
  { role: 'Business Analyst', cost: 70, bill: 130 },
  { role: 'Project Manager', cost: 90, bill: 160 },
  { role: 'Architect', cost: 110, bill: 200 },
  { role: 'Support', cost: 55, bill: 100 },
];
const cardCost = (role: string) => ROLE_CARD.find((r) => r.role === role)!.cost;

const CLIENTS = [
  { name: 'Northwind Traders', industry: 'Retail' },
  { name: 'Contoso Bank', industry: 'Banking' },
  { name: 'Fabrikam Health', industry: 'Healthcare' },
  { name: 'Tailspin Airlines', industry: 'Aviation' },
  { name: 'Wingtip Toys', industry: 'Consumer' },
];

/** Developer 60 %, Business Analyst 20 %, Project Manager 20 % of the hours, at `rate` (BA 20 below). */
const linesOf = (hours: number, rate: number): EstimateLine[] => [
  { role: 'Developer', hours: hours * 0.6, costRate: cardCost('Developer'), billRate: rate },
  {
    role: 'Business Analyst',
    hours: hours * 0.2,
    costRate: cardCost('Business Analyst'),
    billRate: rate - 20,
  },
  { role: 'Project Manager', hours: hours * 0.2, costRate: cardCost('Project Manager'), billRate: rate },
];

/** How an open engagement is delivered; offsets are days from today. */
interface Delivery {
  budgetHours: number;
  projectStart: number;
  projectDue: number;
  /** Kickoff held (the engagement becomes ACTIVE). */
  started: boolean;
  /** How many of BRD, SOW, PROJECT_PLAN are signed off. */
  signedOff: number;
  /** Indexes into the MEMBER-role people. */
  staff: number[];
  /** CONFIRMED allocations of each staff member from the project start to `allocatedTo`. */
  hoursPerWeek: number;
  allocatedTo: number;
  /** Time logged on each weekday of the last `days` days, per staff member (k) and day. */
  log?: { days: number; minutes: (day: number, k: number) => number };
  changeOrder?: 'approved' | 'awaiting';
}

interface Deal {
  title: string;
  model: PricingModel;
  hours: number;
  rate: number;
  price: number;
  stage: 'QUALIFYING' | 'ESTIMATING' | 'IN_REVIEW' | 'LOST' | 'WON';
  start: number;
  end: number;
  delivery?: Delivery;
}

const DEALS: Deal[] = [
  {
    title: 'Commerce platform rebuild',
    model: 'FIXED_FEE',
    hours: 600,
    rate: 150,
    price: 96_000,
    stage: 'WON',
    start: -30,
    end: 150,
    delivery: {
      budgetHours: 300,
      projectStart: -28,
      projectDue: 120,
      started: true,
      signedOff: 3,
      staff: [0, 1, 2],
      hoursPerWeek: 12,
      allocatedTo: 90,
      log: { days: 21, minutes: (day, k) => 105 + 30 * ((day + k) % 4) },
      changeOrder: 'approved',
    },
  },
  {
    title: 'Core banking integration',
    model: 'TIME_AND_MATERIALS',
    hours: 400,
    rate: 170,
    price: 68_000,
    stage: 'WON',
    start: -29,
    end: 160,
    delivery: {
      budgetHours: 350,
      projectStart: -28,
      projectDue: 120,
      started: true,
      signedOff: 2,
      staff: [1, 2, 3],
      hoursPerWeek: 16,
      allocatedTo: 90,
      log: { days: 21, minutes: (day, k) => 150 + 30 * ((day + 2 * k) % 3) },
      changeOrder: 'awaiting',
    },
  },
  {
    title: 'Patient portal support',
    model: 'RETAINER',
    hours: 300,
    rate: 140,
    price: 42_000,
    stage: 'WON',
    start: -28,
    end: 170,
    delivery: {
      budgetHours: 300,
      projectStart: -28,
      projectDue: 120,
      started: true,
      signedOff: 3,
      staff: [2, 3, 4],
      hoursPerWeek: 10,
      allocatedTo: 90,
      log: { days: 21, minutes: (day, k) => 120 + 30 * ((day + k) % 4) },
    },
  },
  {
    title: 'Loyalty app discovery',
    model: 'FIXED_FEE',
    hours: 160,
    rate: 150,
    price: 22_000,
    stage: 'WON',
    start: -27,
    end: 180,
    delivery: {
      budgetHours: 160,
      projectStart: -28,
      projectDue: 120,
      started: false,
      signedOff: 2,
      staff: [3, 4, 5],
      hoursPerWeek: 8,
      allocatedTo: 90,
    },
  },
  {
    title: 'Checkout performance fix',
    model: 'FIXED_FEE',
    hours: 40,
    rate: 150,
    price: 6_000,
    stage: 'WON',
    start: -24,
    end: 36,
    delivery: {
      budgetHours: 40,
      projectStart: -21,
      projectDue: 30,
      started: true,
      signedOff: 3,
      staff: [1, 3],
      hoursPerWeek: 0,
      allocatedTo: 0,
      // 15 weekdays × 2 people × 2 h = 60 h logged against 40 sold.
      log: { days: 21, minutes: () => 120 },
    },
  },
  {
    title: 'Claims data migration',
    model: 'FIXED_FEE',
    hours: 200,
    rate: 180,
    price: 36_000,
    stage: 'WON',
    start: -30,
    end: 150,
    delivery: {
      budgetHours: 200,
      projectStart: -28,
      projectDue: 150,
      started: true,
      signedOff: 3,
      staff: [2, 4],
      // 2 × 20 weekdays × 2.25 h = 90 h: 45 % burnt, 17 % of the schedule elapsed; the 4 h a
      // week each still booked keep the estimate at completion (about 160 h) within the 200 sold.
      hoursPerWeek: 4,
      allocatedTo: 60,
      log: { days: 28, minutes: () => 135 },
    },
  },
  {
    title: 'Fleet analytics pilot',
    model: 'TIME_AND_MATERIALS',
    hours: 120,
    rate: 160,
    price: 19_200,
    stage: 'IN_REVIEW',
    start: 14,
    end: 90,
  },
  {
    title: 'Kiosk refresh',
    model: 'FIXED_FEE',
    hours: 80,
    rate: 140,
    price: 11_200,
    stage: 'ESTIMATING',
    start: 21,
    end: 100,
  },
  {
    title: 'Data warehouse assessment',
    model: 'FIXED_FEE',
    hours: 0,
    rate: 0,
    price: 0,
    stage: 'QUALIFYING',
    start: 0,
    end: 0,
  },
  {
    title: 'Mobile ticketing',
    model: 'FIXED_FEE',
    hours: 200,
    rate: 150,
    price: 30_000,
    stage: 'LOST',
    start: 30,
    end: 200,
  },
];

/**
 * Engagements delivered and closed months ago: 40 Developer, 10 Business Analyst and 10 Project
 * Manager hours sold each, and the hours actually logged under each role. Developer variances
 * +10, +20, +30 % (median +20 %); Business Analyst −10, 0, +20 % (median 0); Project Manager 0,
 * +20, +10 % (median +10 %).
 */
const CLOSED: Array<{
  title: string;
  model: PricingModel;
  actual: Record<'developer' | 'analyst' | 'manager', number>;
}> = [
  { title: 'Store locator app', model: 'FIXED_FEE', actual: { developer: 44, analyst: 9, manager: 10 } },
  {
    title: 'Branch queue kiosk',
    model: 'TIME_AND_MATERIALS',
    actual: { developer: 48, analyst: 10, manager: 12 },
  },
  {
    title: 'Clinic scheduling pilot',
    model: 'FIXED_FEE',
    actual: { developer: 52, analyst: 12, manager: 11 },
  },
];

export interface DemoSummary {
  members: number;
  clients: number;
  opportunities: number;
  engagements: number;
  closed: number;
  timeEntries: number;
  /** Wall-clock seconds in all, and of each phase. */
  seconds: number;
  phases: Record<'team' | 'closed' | 'open', number>;
}

/** Whole-day entries of at most 8 h adding up to `hours`. */
const workdays = (hours: number): number[] => {
  const minutes: number[] = [];
  for (let left = hours * 60; left > 0; left -= 480) minutes.push(Math.min(480, left));
  return minutes;
};

/**
 * Loads the demo through `target`; does nothing (returns null) when team members exist, so
 * `npm start` may run it on every start.
 */
export async function seedDemo(target: SeedTarget): Promise<DemoSummary | null> {
  const started = Date.now();
  const lap = (since: number) => Math.round((Date.now() - since) / 100) / 10;
  const admin = await target.token(DEMO_ADMIN_ID, ['ADMIN'], 'Seed Admin');
  const existing = await target.query<{ teamMembers: unknown[] }>(
    admin,
    '{ teamMembers(activeOnly: false) { id } }',
  );
  if (existing.errors?.length) throw new Error(existing.errors.map((e) => e.message).join('; '));
  if ((existing.data?.teamMembers.length ?? 0) > 0) return null;

  const members = await createTeam(target, admin, DEMO_TEAM);
  const byName = (name: string) => members.find((m) => m.name.startsWith(name))!;
  const finance = byName('Katherine');
  await setMemberRates(target, finance, members, isoDay(-400));
  await setRoleCard(target, finance, ROLE_CARD, isoDay(-400));

  const sellers = [byName('Grace'), byName('Alan')];
  const clients = await createClients(
    target,
    CLIENTS.map((c, i) => ({ ...c, seller: sellers[i % 2] })),
  );
  const deliveryLeads = [byName('Edsger'), byName('Barbara'), byName('Donald')];
  const engineers = members.filter((m) => m.roles.includes('MEMBER'));
  let timeEntries = 0;

  /** Opportunity → estimate → both approvals → signed contract → the engagement, staffed with roles. */
  const signed = async (
    i: number,
    deal: {
      title: string;
      model: PricingModel;
      lines: EstimateLine[];
      price: number;
      start: number;
      end: number;
    },
    owner: SeedMember,
  ) => {
    const seller = sellers[i % 2];
    const opportunityId = await createOpportunity(target, seller, {
      clientId: clients[i % clients.length],
      title: deal.title,
      pricingModel: deal.model,
    });
    await setEstimate(target, seller, opportunityId, {
      lines: deal.lines,
      price: deal.price,
      startDate: isoDay(deal.start),
      endDate: isoDay(deal.end),
      scope: `${deal.title}: discovery, design, build and rollout as agreed with the client.`,
    });
    await submitForReview(target, seller, opportunityId);
    await approve(target, owner, opportunityId, 'DELIVERY');
    await approve(target, finance, opportunityId, 'FINANCE');
    const contractId = await sign(target, seller, opportunityId);
    const engagementId = await awaitEngagement(target, admin, contractId);
    await assignRoles(target, owner, engagementId, seller.id);
    return { engagementId, seller };
  };

  const team = lap(started);
  const closedStarted = Date.now();
  // Closed first: by the time the open opportunities are shown, their roles have a history.
  // Engagements are seeded side by side: most of the time goes on waiting for events.
  await mapWithConcurrency(CLOSED, CLOSED.length, async (past, c) => {
    const owner = deliveryLeads[c % 3];
    const { engagementId } = await signed(
      c,
      {
        title: past.title,
        model: past.model,
        lines: [
          { role: 'Developer', hours: 40, costRate: cardCost('Developer'), billRate: 150 },
          { role: 'Business Analyst', hours: 10, costRate: cardCost('Business Analyst'), billRate: 130 },
          { role: 'Project Manager', hours: 10, costRate: cardCost('Project Manager'), billRate: 160 },
        ],
        price: 9_000,
        start: -200 + 10 * c,
        end: -60 + 10 * c,
      },
      owner,
    );
    const project = await createProject(target, owner, {
      engagementId,
      name: 'Delivery',
      startDate: isoDay(-195 + 10 * c),
      dueDate: isoDay(-65 + 10 * c),
      budgetHours: 60,
      useStandardMilestones: false,
    });
    await startProject(target, owner, project.id);
    // Developer hours by two engineers, the analyst's and the delivery owner's own; each person's
    // days of one engagement are apart from those of the others.
    const developers = [engineers[1], engineers[3]];
    const work: Array<[SeedMember, number]> = [
      ...workdays(past.actual.developer).map((m, d): [SeedMember, number] => [developers[d % 2], m]),
      ...workdays(past.actual.analyst).map((m): [SeedMember, number] => [engineers[4], m]),
      ...workdays(past.actual.manager).map((m): [SeedMember, number] => [owner, m]),
    ];
    for (const [d, [person, minutes]] of work.entries()) {
      await logTime(target, person, {
        projectId: project.id,
        date: isoDay(-180 + 30 * c + d),
        minutes,
        billable: true,
      });
      timeEntries += 1;
    }
    await closeEngagement(target, owner, {
      engagementId,
      projectIds: [project.id],
      satisfaction: 4 + (c % 2),
      lessonsLearned: 'Integration work took longer than estimated; estimate it separately next time.',
    });
  });

  const closed = lap(closedStarted);
  const openStarted = Date.now();
  let opened = 0;
  await mapWithConcurrency(DEALS, 4, async (deal, i) => {
    const seller = sellers[i % 2];
    const owner = deliveryLeads[i % 3];
    const estimate = {
      lines: linesOf(deal.hours, deal.rate),
      price: deal.price,
      startDate: isoDay(deal.start),
      endDate: isoDay(deal.end),
      scope: `${deal.title}: discovery, design, build and rollout as agreed with the client.`,
    };
    if (deal.stage !== 'WON') {
      const opportunityId = await createOpportunity(target, seller, {
        clientId: clients[i % clients.length],
        title: deal.title,
        pricingModel: deal.model,
      });
      if (deal.stage === 'QUALIFYING') return;
      await setEstimate(target, seller, opportunityId, estimate);
      if (deal.stage === 'LOST')
        await markLost(target, seller, opportunityId, 'Client chose an in-house team');
      if (deal.stage === 'IN_REVIEW') await submitForReview(target, seller, opportunityId);
      return;
    }
    const plan = deal.delivery!;
    const { engagementId } = await signed(i, { ...deal, lines: estimate.lines }, owner);
    opened += 1;
    const project = await createProject(target, owner, {
      engagementId,
      name: 'Phase 1',
      startDate: isoDay(plan.projectStart),
      dueDate: isoDay(plan.projectDue),
      budgetHours: plan.budgetHours,
    });
    // The delivery owner signs off the early deliverables.
    const early = ['BRD', 'SOW', 'PROJECT_PLAN'].slice(0, plan.signedOff);
    for (const m of project.milestones.filter((m) => early.includes(m.kind))) {
      await signOffMilestone(target, owner, m.id);
    }
    if (plan.started) await startProject(target, owner, project.id);
    const staff = plan.staff.map((k) => engineers[k]);
    if (plan.hoursPerWeek > 0) {
      for (const person of staff) {
        await allocate(target, owner, {
          memberId: person.id,
          projectId: project.id,
          hoursPerWeek: plan.hoursPerWeek,
          from: isoDay(plan.projectStart),
          to: isoDay(plan.allocatedTo),
        });
      }
    }
    if (plan.log) {
      for (const [day, date] of pastWeekdays(plan.log.days).entries()) {
        for (const [k, person] of staff.entries()) {
          await logTime(target, person, {
            projectId: project.id,
            date,
            minutes: plan.log.minutes(day, k),
            billable: k !== 2 || day % 2 === 0,
          });
          timeEntries += 1;
        }
      }
    }
    if (plan.changeOrder) {
      await changeOrder(target, seller, plan.changeOrder === 'approved' ? owner : null, {
        engagementId,
        description:
          plan.changeOrder === 'approved' ? 'Add a B2B ordering portal' : 'Add a second core system',
        amountDelta: 12_000,
        hoursDelta: 80,
        scheduleDeltaDays: 14,
      });
    }
  });
  return {
    members: members.length,
    clients: clients.length,
    opportunities: DEALS.length + CLOSED.length,
    engagements: opened + CLOSED.length,
    closed: CLOSED.length,
    timeEntries,
    seconds: lap(started),
    phases: { team, closed, open: lap(openStarted) },
  };
}
