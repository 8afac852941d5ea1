import { randomBytes } from 'node:crypto';
import { eventually } from '@platform/infra';
import type { GraphQLResponse } from './test-service';

/**
 * A portfolio of signed engagements loaded through the gateway with real mutations, so every
 * event flows as in production: a team with rates, clients, n opportunities taken through the
 * review gate to a signed contract, the engagements Kafka opens from them, roles, one project
 * per engagement and a few time entries. Work runs with bounded concurrency; callers that need
 * a larger portfolio raise `concurrency` (the gateway and four subgraphs share the machine).
 */

type Vars = Record<string, unknown>;

/** What seeding needs from a running platform: `startStack()`'s `query` and `token`. */
export interface PortfolioTarget {
  query<T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Vars,
  ): Promise<GraphQLResponse<T>>;
  token(sub: string, roles: string[], name?: string): Promise<string>;
}

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

export interface PortfolioMember {
  id: string;
  name: string;
  roles: string[];
  token: string;
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

/**
 * The page a front-end team builds most: engagements with client name, contract value, delivery
 * owner, projects with logged hours and financials (FINANCE) — four subgraphs in one request.
 */
export const ENGAGEMENT_PAGE_QUERY = `query EngagementPage($first: Int!) {
  engagements(first: $first) {
    edges {
      node {
        id
        name
        client { name }
        contract { value { amount currency } }
        deliveryOwner { name }
        projects { name loggedHours }
        financials { revenue { amount currency } cost { amount } margin { amount } marginPercent burnPercent atRisk }
      }
    }
  }
}`;

export const PORTFOLIO_ADMIN_ID = '00000000-0000-4000-8000-00000000b0a1';

const TEAM: Array<{ name: string; title: string; roles: string[]; hours: number }> = [
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

const PRICING = ['FIXED_FEE', 'TIME_AND_MATERIALS', 'RETAINER'] as const;

export const isoDay = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results keep their order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/** A GraphQL call that throws on errors, with their codes in the message (for retry rules). */
export function caller(target: PortfolioTarget) {
  return async <T>(token: string, query: string, variables?: Vars): Promise<T> => {
    const body = await target.query<T>(token, query, variables);
    if (body.errors?.length) {
      throw new Error(body.errors.map((e) => `${e.message} [${String(e.extensions?.code)}]`).join('; '));
    }
    return body.data as T;
  };
}

/** Retries while another service has not yet learned a fact from its events. */
export async function whenKnown<T>(
  fn: () => Promise<T>,
  retryOn: RegExp = /NOT_FOUND|BAD_USER_INPUT|PRECONDITION_FAILED/,
  timeoutMs = 60_000,
): Promise<T> {
  const found = await eventually(
    async () => {
      try {
        return { value: await fn() };
      } catch (error) {
        if (retryOn.test((error as Error).message)) return undefined;
        throw error;
      }
    },
    timeoutMs,
    100,
  );
  return found.value;
}

export interface ContractPlan {
  clientId: string;
  seller: PortfolioMember;
  reviewer: PortfolioMember;
  title: string;
  pricingModel: (typeof PRICING)[number];
  hours: number;
}

/**
 * One opportunity through the review gate to a signed contract: create, estimate (a healthy
 * margin, so DELIVERY approval alone opens the gate), submit, DELIVERY review, sign.
 */
/** Role, cost rate, bill rate of the portfolio's role card. */
const PORTFOLIO_ROLE_CARD: ReadonlyArray<readonly [string, string, string]> = [
  ['Developer', '80.00', '150.00'],
  ['Project Manager', '90.00', '160.00'],
];

export async function signContract(target: PortfolioTarget, plan: ContractPlan): Promise<string> {
  const call = caller(target);
  const { createOpportunity } = await whenKnown(() =>
    call<{ createOpportunity: { id: string } }>(
      plan.seller.token,
      'mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }',
      { input: { clientId: plan.clientId, title: plan.title, pricingModel: plan.pricingModel } },
    ),
  );
  const opportunityId = createOpportunity.id;
  // The card's cost rates are sent (as old clients do), so sales refuses the estimate until it
  // has learnt the card from RoleRateSet; it is retried until then.
  await whenKnown(
    () =>
      call(plan.seller.token, 'mutation ($input: SetEstimateInput!) { setEstimate(input: $input) { id } }', {
        input: {
          opportunityId,
          lines: [
            {
              role: 'Developer',
              hours: Math.round(plan.hours * 0.75),
              costRate: { amount: '80.00', currency: 'USD' },
              billRate: { amount: '150.00', currency: 'USD' },
            },
            {
              role: 'Project Manager',
              hours: plan.hours - Math.round(plan.hours * 0.75),
              costRate: { amount: '90.00', currency: 'USD' },
              billRate: { amount: '160.00', currency: 'USD' },
            },
          ],
          price: { amount: `${plan.hours * 150}.00`, currency: 'USD' },
          startDate: isoDay(-60),
          endDate: isoDay(180),
          scope: `${plan.title}: discovery, design, build and rollout as agreed with the client.`,
        },
      }),
    /role card/,
  );
  await call(plan.seller.token, 'mutation ($id: ID!) { submitForReview(opportunityId: $id) { id } }', {
    id: opportunityId,
  });
  // The reviewer may not be known to sales yet (TeamMemberUpserted travels through Kafka).
  await whenKnown(
    () =>
      call(
        plan.reviewer.token,
        'mutation ($input: ReviewOpportunityInput!) { reviewOpportunity(input: $input) { id } }',
        { input: { opportunityId, discipline: 'DELIVERY', decision: 'APPROVED', comment: 'Achievable.' } },
      ),
    /NOT_FOUND|FORBIDDEN/,
  );
  const { signContract: contract } = await call<{ signContract: { id: string } }>(
    plan.seller.token,
    'mutation ($id: ID!) { signContract(opportunityId: $id) { id } }',
    { id: opportunityId },
  );
  return contract.id;
}

/** Creates the team (with rates) and clients; shared by `seedPortfolio` and benchmarks. */
export async function seedTeam(
  target: PortfolioTarget,
  options: { clients?: number; concurrency?: number } = {},
): Promise<
  Pick<
    Portfolio,
    'adminToken' | 'members' | 'sellers' | 'deliveryLeads' | 'engineers' | 'finance' | 'clients'
  >
> {
  const call = caller(target);
  const concurrency = options.concurrency ?? 8;
  const tag = randomBytes(3).toString('hex');
  const adminToken = await target.token(PORTFOLIO_ADMIN_ID, ['ADMIN'], 'Portfolio Admin');
  const members = await mapWithConcurrency(TEAM, concurrency, async (person) => {
    const email = `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}.${tag}@example.com`;
    const { createTeamMember } = await call<{ createTeamMember: { id: string } }>(
      adminToken,
      'mutation ($input: CreateTeamMemberInput!) { createTeamMember(input: $input) { id } }',
      {
        input: {
          name: person.name,
          email,
          title: person.title,
          roles: person.roles,
          weeklyCapacityHours: person.hours,
        },
      },
    );
    const token = await target.token(createTeamMember.id, person.roles, person.name);
    return { id: createTeamMember.id, name: person.name, roles: person.roles, token };
  });
  const withRole = (role: string) => members.filter((m) => m.roles.includes(role));
  const finance = withRole('FINANCE')[0];
  // Rates live in accounting, which learns members from delivery's events.
  await mapWithConcurrency(members, concurrency, (m, i) => {
    const cost = 60 + (i % 5) * 10;
    return whenKnown(() =>
      call(finance.token, 'mutation ($input: SetMemberRateInput!) { setMemberRate(input: $input) { id } }', {
        input: {
          memberId: m.id,
          costRate: { amount: `${cost}.00`, currency: 'USD' },
          billRate: { amount: `${cost * 2 + 20}.00`, currency: 'USD' },
          effectiveFrom: isoDay(-400),
        },
      }),
    );
  });
  // Finance's role card, from which sales costs every estimate.
  for (const [role, cost, bill] of PORTFOLIO_ROLE_CARD) {
    await call(
      finance.token,
      'mutation ($input: SetRoleRateInput!) { setRoleRate(input: $input) { role } }',
      {
        input: {
          role,
          costRate: { amount: cost, currency: 'USD' },
          billRate: { amount: bill, currency: 'USD' },
          effectiveFrom: isoDay(-400),
        },
      },
    );
  }
  const sellers = withRole('SALES');
  const clientNames = Array.from(
    { length: options.clients ?? 5 },
    (_, i) => `${CLIENT_NAMES[i % CLIENT_NAMES.length]}${i >= CLIENT_NAMES.length ? ` ${i}` : ''}`,
  );
  const clients = await mapWithConcurrency(clientNames, concurrency, async (name, i) => {
    const seller = sellers[i % sellers.length];
    const data = await whenKnown(() =>
      call<{ createClient: { id: string } }>(
        seller.token,
        'mutation ($input: CreateClientInput!) { createClient(input: $input) { id } }',
        { input: { name, industry: 'Services', accountManagerId: seller.id } },
      ),
    );
    return data.createClient.id;
  });
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

/** Polls the engagement list until every contract has its engagement (opened from ContractSigned). */
export async function awaitEngagements(
  target: PortfolioTarget,
  adminToken: string,
  contractIds: readonly string[],
  timeoutMs = 180_000,
): Promise<Map<string, string>> {
  const call = caller(target);
  const wanted = new Set(contractIds);
  const byContract = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  while (byContract.size < wanted.size) {
    let after: string | null = null;
    for (;;) {
      const page: {
        engagements: {
          edges: Array<{ node: { id: string; contract: { id: string } } }>;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await call(
        adminToken,
        'query ($after: String) { engagements(first: 200, after: $after) { edges { node { id contract { id } } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      for (const { node } of page.engagements.edges) {
        if (wanted.has(node.contract.id)) byContract.set(node.contract.id, node.id);
      }
      if (!page.engagements.pageInfo.hasNextPage) break;
      after = page.engagements.pageInfo.endCursor;
    }
    if (byContract.size >= wanted.size) break;
    if (Date.now() > deadline) {
      throw new Error(`${wanted.size - byContract.size} engagements did not open within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return byContract;
}

export async function seedPortfolio(target: PortfolioTarget, options: PortfolioOptions): Promise<Portfolio> {
  const call = caller(target);
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
    // The engagement service validates both people against what it learned from delivery.
    await whenKnown(() =>
      call(
        owner.token,
        'mutation ($input: AssignEngagementRolesInput!) { assignEngagementRoles(input: $input) { id } }',
        { input: { engagementId: id, accountManagerId: manager.id, deliveryOwnerId: owner.id } },
      ),
    );
    const { createProject } = await whenKnown(() =>
      call<{ createProject: { id: string } }>(
        owner.token,
        'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }',
        {
          input: {
            engagementId: id,
            name: `Phase 1 of engagement ${i + 1}`,
            startDate: isoDay(-60),
            dueDate: isoDay(120),
            budgetHours: plans[i].hours,
          },
        },
      ),
    );
    for (let k = 0; k < entriesPer; k += 1) {
      const person = team.engineers[(i + k) % team.engineers.length];
      // Spread over 50 past weekdays-or-not: a member-day never nears its 1,440-minute cap.
      await call(person.token, 'mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }', {
        input: {
          memberId: person.id,
          projectId: createProject.id,
          date: isoDay(-1 - ((i * 7 + k * 3) % 50)),
          minutes: 30 + 15 * ((i + k) % 8),
          billable: (i + k) % 4 !== 0,
        },
      });
      entries += 1;
    }
    staffed += 1;
    if (staffed % 250 === 0) log(`${staffed}/${contractIds.length} engagements staffed with a project`);
    return {
      id,
      contractId,
      clientId: plans[i].clientId,
      projectId: createProject.id,
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

/** `db_queries_total` (SQL statements sent) of each subgraph, from its Prometheus /metrics URL. */
export async function subgraphStatementCounts(
  metricsUrls: Record<string, string>,
): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(metricsUrls).map(async ([name, url]) => {
      const text = await (await fetch(url)).text();
      const line = text.split('\n').find((l) => l.startsWith('db_queries_total'));
      if (!line) throw new Error(`${name} has no db_queries_total metric`);
      return [name, Number(line.trim().split(/\s+/).pop())] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * SQL statements each subgraph runs for one call of `request`: counters read before and after,
 * once the services are quiet (no event being applied), the least of `repeats` tries so that a
 * late event or a background statement does not count against the request.
 */
export async function statementsPerRequest(
  metricsUrls: Record<string, string>,
  request: () => Promise<void>,
  repeats = 3,
): Promise<Record<string, number>> {
  const best: Record<string, number> = {};
  for (let attempt = 0; attempt < repeats; attempt += 1) {
    await quiet(metricsUrls);
    const before = await subgraphStatementCounts(metricsUrls);
    await request();
    const after = await subgraphStatementCounts(metricsUrls);
    for (const name of Object.keys(after)) {
      const used = after[name] - before[name];
      best[name] = Math.min(best[name] ?? used, used);
    }
  }
  return best;
}

/** Waits until no subgraph's statement counter moves for 300 ms (or 30 s pass). */
async function quiet(metricsUrls: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = JSON.stringify(await subgraphStatementCounts(metricsUrls));
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    const now = JSON.stringify(await subgraphStatementCounts(metricsUrls));
    if (now === last) return;
    last = now;
  }
}
