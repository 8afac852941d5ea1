import { isoDay, mapWithConcurrency, type SeedTarget } from './client';
import {
  approve,
  assignRoles,
  awaitEngagements,
  createClients,
  createOpportunity,
  createProject,
  createTeam,
  logTime,
  runTag,
  setEstimate,
  setMemberRates,
  setRoleCard,
  sign,
  submitForReview,
  type Person,
  type PricingModel,
  type RoleCardRate,
  type SeedMember,
} from './steps';

/**
 * A portfolio of signed engagements for tests and benchmarks, built from the same steps as the
 * demo: a team with rates, clients, n opportunities taken through the review gate to a signed
 * contract, the engagements Kafka opens from them, roles, one project per engagement and a few
 * time entries. Work runs with bounded concurrency; callers that need a larger portfolio raise
 * `concurrency` (the gateway and four subgraphs share the machine). Emails carry a random tag,
 * so a portfolio can be seeded twice into one platform.
 */

/** What seeding needs from a running platform: `startStack()`'s `query` and `token`. */
export type PortfolioTarget = SeedTarget;
export type PortfolioMember = SeedMember;

export interface PortfolioOptions {
  engagements: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Time entries per engagement (default 2). */
  timeEntriesPerEngagement?: number;
  clients?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface PortfolioEngagement {
  id: string;
  contractId: string;
  clientId: string;
  projectId: string;
  deliveryOwnerId: string;
  accountManagerId: string;
}

export interface Portfolio {
  adminToken: string;
  members: PortfolioMember[];
  sellers: PortfolioMember[];
  deliveryLeads: PortfolioMember[];
  engineers: PortfolioMember[];
  finance: PortfolioMember;
  clients: string[];
  engagements: PortfolioEngagement[];
  timeEntries: number;
  /** Wall-clock seconds per phase. */
  seconds: Record<'team' | 'contracts' | 'opened' | 'delivery' | 'total', number>;
}

export const PORTFOLIO_ADMIN_ID = '00000000-0000-4000-8000-00000000b0a1';

const TEAM: Person[] = [
  { name: 'Grace Hopper', title: 'Sales Lead', roles: ['SALES'], hours: 40 },
  { name: 'Alan Turing', title: 'Account Executive', roles: ['SALES'], hours: 40 },
  { name: 'Katherine Johnson', title: 'Finance Controller', roles: ['FINANCE'], hours: 40 },
  { name: 'Edsger Dijkstra', title: 'Delivery Director', roles: ['DELIVERY'], hours: 40 },
  { name: 'Barbara Liskov', title: 'Delivery Manager', roles: ['DELIVERY'], hours: 40 },
  { name: 'Donald Knuth', title: 'Delivery Manager', roles: ['DELIVERY'], hours: 32 },
  { name: 'Frances Allen', title: 'Delivery Manager', roles: ['DELIVERY'], hours: 40 },
  { name: 'Margaret Hamilton', title: 'Principal Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Linus Torvalds', title: 'Senior Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Radia Perlman', title: 'Senior Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Ken Thompson', title: 'Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Barbara Simons', title: 'Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'John Backus', title: 'Designer', roles: ['MEMBER'], hours: 24 },
  { name: 'Hedy Lamarr', title: 'Business Analyst', roles: ['MEMBER'], hours: 30 },
  { name: 'Dennis Ritchie', title: 'Engineer', roles: ['MEMBER'], hours: 40 },
  { name: 'Adele Goldberg', title: 'Engineer', roles: ['MEMBER'], hours: 40 },
];

const CLIENT_NAMES = [
  'Northwind Traders',
  'Contoso Bank',
  'Fabrikam Health',
  'Tailspin Airlines',
  'Wingtip Toys',
  'Adventure Works',
  'Litware Energy',
  'Proseware Media',
];

const PRICING: readonly PricingModel[] = ['FIXED_FEE', 'TIME_AND_MATERIALS', 'RETAINER'];

/** The portfolio's role card. */
const PORTFOLIO_ROLE_CARD: readonly RoleCardRate[] = [
  { role: 'Developer', cost: 80, bill: 150 },
  { role: 'Project Manager', cost: 90, bill: 160 },
];

export interface ContractPlan {
  clientId: string;
  seller: PortfolioMember;
  reviewer: PortfolioMember;
  title: string;
  pricingModel: PricingModel;
  hours: number;
}

/**
 * One opportunity through the review gate to a signed contract: create, estimate (a healthy
 * margin, so DELIVERY approval alone opens the gate), submit, DELIVERY review, sign.
 */
export async function signContract(target: PortfolioTarget, plan: ContractPlan): Promise<string> {
  const opportunityId = await createOpportunity(target, plan.seller, {
    clientId: plan.clientId,
    title: plan.title,
    pricingModel: plan.pricingModel,
  });
  const developerHours = Math.round(plan.hours * 0.75);
  await setEstimate(target, plan.seller, opportunityId, {
    lines: [
      { role: 'Developer', hours: developerHours, costRate: 80, billRate: 150 },
      { role: 'Project Manager', hours: plan.hours - developerHours, costRate: 90, billRate: 160 },
    ],
    price: plan.hours * 150,
    startDate: isoDay(-60),
    endDate: isoDay(180),
    scope: `${plan.title}: discovery, design, build and rollout as agreed with the client.`,
  });
  await submitForReview(target, plan.seller, opportunityId);
  await approve(target, plan.reviewer, opportunityId, 'DELIVERY', 'Achievable.');
  return sign(target, plan.seller, opportunityId);
}

/** Creates the team (with rates and the role card) and clients; shared by `seedPortfolio` and benchmarks. */
export async function seedTeam(
  target: PortfolioTarget,
  options: { clients?: number; concurrency?: number } = {},
): Promise<
  Pick<
    Portfolio,
    'adminToken' | 'members' | 'sellers' | 'deliveryLeads' | 'engineers' | 'finance' | 'clients'
  >
> {
  const concurrency = options.concurrency ?? 8;
  const adminToken = await target.token(PORTFOLIO_ADMIN_ID, ['ADMIN'], 'Portfolio Admin');
  const members = await createTeam(target, adminToken, TEAM, { emailTag: runTag(), concurrency });
  const withRole = (role: string) => members.filter((m) => m.roles.includes(role));
  const finance = withRole('FINANCE')[0];
  await setMemberRates(target, finance, members, isoDay(-400), concurrency);
  await setRoleCard(target, finance, PORTFOLIO_ROLE_CARD, isoDay(-400));
  const sellers = withRole('SALES');
  const clients = await createClients(
    target,
    Array.from({ length: options.clients ?? 5 }, (_, i) => ({
      name: `${CLIENT_NAMES[i % CLIENT_NAMES.length]}${i >= CLIENT_NAMES.length ? ` ${i}` : ''}`,
      industry: 'Services',
      seller: sellers[i % sellers.length],
    })),
    concurrency,
  );
  return {
    adminToken,
    members,
    sellers,
    deliveryLeads: withRole('DELIVERY'),
    engineers: withRole('MEMBER'),
    finance,
    clients,
  };
}

export async function seedPortfolio(target: PortfolioTarget, options: PortfolioOptions): Promise<Portfolio> {
  const concurrency = options.concurrency ?? 8;
  const entriesPer = options.timeEntriesPerEngagement ?? 2;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const lap = (since: number) => Math.round((Date.now() - since) / 100) / 10;

  const team = await seedTeam(target, { clients: options.clients, concurrency });
  const teamSeconds = lap(started);
  log(`team of ${team.members.length} with rates and ${team.clients.length} clients in ${teamSeconds} s`);

  const contractsStarted = Date.now();
  const plans = Array.from({ length: options.engagements }, (_, i) => ({
    clientId: team.clients[i % team.clients.length],
    seller: team.sellers[i % team.sellers.length],
    reviewer: team.deliveryLeads[i % team.deliveryLeads.length],
    title: `Engagement ${i + 1}`,
    pricingModel: PRICING[i % PRICING.length],
    hours: 200 + (i % 10) * 40,
  }));
  let signed = 0;
  const contractIds = await mapWithConcurrency(plans, concurrency, async (plan) => {
    const id = await signContract(target, plan);
    signed += 1;
    if (signed % 250 === 0) log(`${signed}/${plans.length} contracts signed`);
    return id;
  });
  const contractsSeconds = lap(contractsStarted);

  const openedStarted = Date.now();
  const engagementByContract = await awaitEngagements(target, team.adminToken, contractIds);
  const openedSeconds = lap(openedStarted);
  log(
    `${contractIds.length} contracts signed in ${contractsSeconds} s; all engagements open ${openedSeconds} s later`,
  );

  const deliveryStarted = Date.now();
  let entries = 0;
  let staffed = 0;
  const engagements = await mapWithConcurrency(contractIds, concurrency, async (contractId, i) => {
    const id = engagementByContract.get(contractId)!;
    const owner = team.deliveryLeads[i % team.deliveryLeads.length];
    const manager = plans[i].seller;
    await assignRoles(target, owner, id, manager.id);
    const project = await createProject(target, owner, {
      engagementId: id,
      name: `Phase 1 of engagement ${i + 1}`,
      startDate: isoDay(-60),
      dueDate: isoDay(120),
      budgetHours: plans[i].hours,
    });
    for (let k = 0; k < entriesPer; k += 1) {
      const person = team.engineers[(i + k) % team.engineers.length];
      // Spread over 50 past days: a member-day never nears its 1,440-minute cap.
      await logTime(target, person, {
        projectId: project.id,
        date: isoDay(-1 - ((i * 7 + k * 3) % 50)),
        minutes: 30 + 15 * ((i + k) % 8),
        billable: (i + k) % 4 !== 0,
      });
      entries += 1;
    }
    staffed += 1;
    if (staffed % 250 === 0) log(`${staffed}/${contractIds.length} engagements staffed with a project`);
    return {
      id,
      contractId,
      clientId: plans[i].clientId,
      projectId: project.id,
      deliveryOwnerId: owner.id,
      accountManagerId: manager.id,
    };
  });
  const deliverySeconds = lap(deliveryStarted);
  const total = lap(started);
  log(
    `${engagements.length} engagements with roles, a project and ${entries} time entries; ${total} s in all`,
  );
  return {
    ...team,
    engagements,
    timeEntries: entries,
    seconds: {
      team: teamSeconds,
      contracts: contractsSeconds,
      opened: openedSeconds,
      delivery: deliverySeconds,
      total,
    },
  };
}
