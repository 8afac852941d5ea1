import { randomBytes } from 'node:crypto';
import { eventually } from '@platform/infra';
import { caller, mapWithConcurrency, whenKnown, type SeedTarget } from './client';

/**
 * The steps every seed is built from, each through the gateway with real mutations so every
 * event flows as in production. Steps that depend on what another service learns from Kafka
 * retry with `whenKnown` until it has.
 */

export interface SeedMember {
  id: string;
  name: string;
  roles: string[];
  token: string;
}

export interface Person {
  name: string;
  title: string;
  roles: string[];
  /** Weekly capacity. */
  hours: number;
  /** The work role the member's time is priced under where no allocation names one. */
  primaryRole?: string | null;
}

/** A role on finance's role card: cost and bill rate per hour, whole currency units. */
export interface RoleCardRate {
  role: string;
  cost: number;
  bill: number;
}

export const CURRENCY = 'USD';
const usd = (amount: number | string) => ({
  amount: typeof amount === 'number' ? amount.toFixed(2) : amount,
  currency: CURRENCY,
});

const emailOf = (name: string, tag?: string) =>
  `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${tag ? `.${tag}` : ''}@example.com`;

/** A short random tag, so a seed run twice against one platform makes distinct emails. */
export const runTag = (): string => randomBytes(3).toString('hex');

/** Team members (ADMIN creates them in delivery), each with a token of their own. */
export async function createTeam(
  target: SeedTarget,
  adminToken: string,
  people: readonly Person[],
  options: { emailTag?: string; concurrency?: number } = {},
): Promise<SeedMember[]> {
  const call = caller(target);
  return mapWithConcurrency(people, options.concurrency ?? 1, async (person) => {
    const { createTeamMember } = await call<{ createTeamMember: { id: string } }>(
      adminToken,
      'mutation ($input: CreateTeamMemberInput!) { createTeamMember(input: $input) { id } }',
      {
        input: {
          name: person.name,
          email: emailOf(person.name, options.emailTag),
          title: person.title,
          roles: person.roles,
          weeklyCapacityHours: person.hours,
          ...(person.primaryRole ? { primaryRole: person.primaryRole } : {}),
        },
      },
    );
    const token = await target.token(createTeamMember.id, person.roles, person.name);
    return { id: createTeamMember.id, name: person.name, roles: person.roles, token };
  });
}

/** Each member's cost and bill rate (cost 60–100 by position, bill 2 × cost + 20), in accounting. */
export async function setMemberRates(
  target: SeedTarget,
  finance: SeedMember,
  members: readonly SeedMember[],
  effectiveFrom: string,
  concurrency = 1,
): Promise<void> {
  const call = caller(target);
  // Rates live in accounting, which learns members from delivery's events.
  await mapWithConcurrency(members, concurrency, (m, i) => {
    const cost = 60 + (i % 5) * 10;
    return whenKnown(() =>
      call(finance.token, 'mutation ($input: SetMemberRateInput!) { setMemberRate(input: $input) { id } }', {
        input: { memberId: m.id, costRate: usd(cost), billRate: usd(cost * 2 + 20), effectiveFrom },
      }),
    );
  });
}

/** Finance's role card, from which sales costs every estimate. */
export async function setRoleCard(
  target: SeedTarget,
  finance: SeedMember,
  card: readonly RoleCardRate[],
  effectiveFrom: string,
): Promise<void> {
  const call = caller(target);
  for (const { role, cost, bill } of card) {
    await call(
      finance.token,
      'mutation ($input: SetRoleRateInput!) { setRoleRate(input: $input) { role } }',
      {
        input: { role, costRate: usd(cost), billRate: usd(bill), effectiveFrom },
      },
    );
  }
}

/** Clients, each managed by the seller who creates it (sales must know the seller first). */
export async function createClients(
  target: SeedTarget,
  clients: ReadonlyArray<{ name: string; industry: string; seller: SeedMember }>,
  concurrency = 1,
): Promise<string[]> {
  const call = caller(target);
  return mapWithConcurrency(clients, concurrency, async ({ name, industry, seller }) => {
    const data = await whenKnown(() =>
      call<{ createClient: { id: string } }>(
        seller.token,
        'mutation ($input: CreateClientInput!) { createClient(input: $input) { id } }',
        { input: { name, industry, accountManagerId: seller.id } },
      ),
    );
    return data.createClient.id;
  });
}

export type PricingModel = 'FIXED_FEE' | 'TIME_AND_MATERIALS' | 'RETAINER';

export interface EstimateLine {
  role: string;
  hours: number;
  /** Sent as old clients do: sales refuses the estimate until it has learnt this rate from the card. */
  costRate: number;
  billRate: number;
}

export interface EstimatePlan {
  lines: readonly EstimateLine[];
  price: number;
  startDate: string;
  endDate: string;
  scope: string;
}

export async function createOpportunity(
  target: SeedTarget,
  seller: SeedMember,
  input: { clientId: string; title: string; pricingModel: PricingModel },
): Promise<string> {
  const { createOpportunity: created } = await whenKnown(() =>
    caller(target)<{ createOpportunity: { id: string } }>(
      seller.token,
      'mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }',
      { input },
    ),
  );
  return created.id;
}

/** The estimate, retried until sales has learnt the role card from RoleRateSet. */
export async function setEstimate(
  target: SeedTarget,
  seller: SeedMember,
  opportunityId: string,
  plan: EstimatePlan,
): Promise<void> {
  const call = caller(target);
  await whenKnown(
    () =>
      call(seller.token, 'mutation ($input: SetEstimateInput!) { setEstimate(input: $input) { id } }', {
        input: {
          opportunityId,
          lines: plan.lines.map((l) => ({
            role: l.role,
            hours: l.hours,
            costRate: usd(l.costRate),
            billRate: usd(l.billRate),
          })),
          price: usd(plan.price),
          startDate: plan.startDate,
          endDate: plan.endDate,
          scope: plan.scope,
        },
      }),
    /role card/,
  );
}

export async function submitForReview(
  target: SeedTarget,
  seller: SeedMember,
  opportunityId: string,
): Promise<void> {
  await caller(target)(seller.token, 'mutation ($id: ID!) { submitForReview(opportunityId: $id) { id } }', {
    id: opportunityId,
  });
}

/** An approval (the reviewer may not be known to sales yet: TeamMemberUpserted travels through Kafka). */
export async function approve(
  target: SeedTarget,
  reviewer: SeedMember,
  opportunityId: string,
  discipline: 'DELIVERY' | 'FINANCE',
  comment = 'Scope, dates and staffing are achievable.',
): Promise<void> {
  await whenKnown(
    () =>
      caller(target)(
        reviewer.token,
        'mutation ($input: ReviewOpportunityInput!) { reviewOpportunity(input: $input) { id } }',
        { input: { opportunityId, discipline, decision: 'APPROVED', comment } },
      ),
    /NOT_FOUND|FORBIDDEN/,
  );
}

export async function markLost(
  target: SeedTarget,
  seller: SeedMember,
  opportunityId: string,
  reason: string,
): Promise<void> {
  await caller(target)(
    seller.token,
    'mutation ($id: ID!, $reason: String!) { markOpportunityLost(opportunityId: $id, reason: $reason) { id } }',
    { id: opportunityId, reason },
  );
}

/** Signs the contract; returns its id. */
export async function sign(target: SeedTarget, seller: SeedMember, opportunityId: string): Promise<string> {
  const { signContract } = await caller(target)<{ signContract: { id: string } }>(
    seller.token,
    'mutation ($id: ID!) { signContract(opportunityId: $id) { id } }',
    { id: opportunityId },
  );
  return signContract.id;
}

/** The engagement Kafka opens from a signed contract. */
export async function awaitEngagement(
  target: SeedTarget,
  adminToken: string,
  contractId: string,
  timeoutMs = 60_000,
): Promise<string> {
  const call = caller(target);
  return eventually(async () => {
    const data = await call<{ contract: { engagement: { id: string } | null } | null }>(
      adminToken,
      'query ($id: ID!) { contract(id: $id) { engagement { id } } }',
      { id: contractId },
    );
    return data.contract?.engagement?.id;
  }, timeoutMs);
}

/** Polls the engagement list until every contract has its engagement (opened from ContractSigned). */
export async function awaitEngagements(
  target: SeedTarget,
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

/** Account manager and delivery owner (engagement checks both against what it learned from delivery). */
export async function assignRoles(
  target: SeedTarget,
  owner: SeedMember,
  engagementId: string,
  accountManagerId: string,
): Promise<void> {
  await whenKnown(() =>
    caller(target)(
      owner.token,
      'mutation ($input: AssignEngagementRolesInput!) { assignEngagementRoles(input: $input) { id } }',
      { input: { engagementId, accountManagerId, deliveryOwnerId: owner.id } },
    ),
  );
}

export interface SeededProject {
  id: string;
  milestones: Array<{ id: string; kind: string }>;
}

/** A project of the engagement (delivery must know the engagement first). */
export async function createProject(
  target: SeedTarget,
  owner: SeedMember,
  input: {
    engagementId: string;
    name: string;
    startDate: string;
    dueDate: string;
    budgetHours: number;
    useStandardMilestones?: boolean;
  },
): Promise<SeededProject> {
  const { createProject: project } = await whenKnown(() =>
    caller(target)<{ createProject: SeededProject }>(
      owner.token,
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id milestones { id kind } } }',
      { input },
    ),
  );
  return project;
}

/** Delivered and signed off; sign-off is FORBIDDEN until delivery has learnt who owns the engagement. */
export async function signOffMilestone(
  target: SeedTarget,
  owner: SeedMember,
  milestoneId: string,
): Promise<void> {
  const call = caller(target);
  await call(owner.token, 'mutation ($id: ID!) { deliverMilestone(milestoneId: $id) { id } }', {
    id: milestoneId,
  });
  await whenKnown(
    () =>
      call(owner.token, 'mutation ($id: ID!) { signOffMilestone(milestoneId: $id) { id } }', {
        id: milestoneId,
      }),
    /FORBIDDEN/,
  );
}

/** Kickoff held: the project starts and the engagement becomes ACTIVE. */
export async function startProject(target: SeedTarget, owner: SeedMember, projectId: string): Promise<void> {
  await caller(target)(owner.token, 'mutation ($id: ID!) { startProject(projectId: $id) { id } }', {
    id: projectId,
  });
}

export async function allocate(
  target: SeedTarget,
  owner: SeedMember,
  input: {
    memberId: string;
    projectId: string;
    hoursPerWeek: number;
    from: string;
    to: string;
    role?: string;
  },
): Promise<void> {
  await caller(target)(owner.token, 'mutation ($input: AllocateInput!) { allocate(input: $input) { id } }', {
    input,
  });
}

export async function logTime(
  target: SeedTarget,
  person: SeedMember,
  input: { projectId: string; date: string; minutes: number; billable: boolean },
): Promise<void> {
  await caller(target)(person.token, 'mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }', {
    input: { memberId: person.id, ...input },
  });
}

/** A change order, decided by `decider` when given (never its requester), else left awaiting decision. */
export async function changeOrder(
  target: SeedTarget,
  requester: SeedMember,
  decider: SeedMember | null,
  input: {
    engagementId: string;
    description: string;
    amountDelta: number;
    hoursDelta: number;
    scheduleDeltaDays: number;
  },
): Promise<void> {
  const call = caller(target);
  const { requestChangeOrder } = await call<{ requestChangeOrder: { id: string } }>(
    requester.token,
    'mutation ($input: RequestChangeOrderInput!) { requestChangeOrder(input: $input) { id } }',
    { input: { ...input, amountDelta: usd(input.amountDelta) } },
  );
  if (!decider) return;
  await call(
    decider.token,
    'mutation ($id: ID!) { decideChangeOrder(changeOrderId: $id, approve: true) { id } }',
    {
      id: requestChangeOrder.id,
    },
  );
}

/**
 * Closes an engagement: its projects completed, the post-implementation review (refused while
 * engagement still thinks the engagement is in handoff), then the close (refused until it has
 * learnt every project completed). Accounting then records the actuals by role.
 */
export async function closeEngagement(
  target: SeedTarget,
  owner: SeedMember,
  input: {
    engagementId: string;
    projectIds: readonly string[];
    satisfaction: number;
    lessonsLearned: string;
  },
): Promise<void> {
  const call = caller(target);
  for (const id of input.projectIds) {
    await call(owner.token, 'mutation ($id: ID!) { completeProject(projectId: $id) { id } }', { id });
  }
  await whenKnown(
    () =>
      call(
        owner.token,
        'mutation ($input: SubmitReviewInput!) { submitPostImplementationReview(input: $input) { id } }',
        {
          input: {
            engagementId: input.engagementId,
            satisfaction: input.satisfaction,
            lessonsLearned: input.lessonsLearned,
          },
        },
      ),
    /PRECONDITION_FAILED/,
  );
  await whenKnown(
    () =>
      call(owner.token, 'mutation ($id: ID!) { closeEngagement(engagementId: $id) { id } }', {
        id: input.engagementId,
      }),
    /PRECONDITION_FAILED/,
  );
}
