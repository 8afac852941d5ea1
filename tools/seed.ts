/**
 * Demo data, loaded through the gateway exactly as a user would (so every event flows):
 * a team of 14 with rates, clients, opportunities at every stage, signed contracts that open
 * engagements, roles, projects with signed-off milestones, allocations, a change order and three
 * weeks of time entries. Run by `npm start` once; it does nothing when team members exist.
 *   GATEWAY_URL=http://127.0.0.1:4000/graphql npx tsx tools/seed.ts
 */
import { devToken, eventually, postGraphQL, type GraphQLResponse } from '@platform/testing';

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
const ADMIN_ID = '00000000-0000-4000-8000-000000000001';

type Vars = Record<string, unknown>;

async function call<T>(token: string, query: string, variables?: Vars): Promise<T> {
  const body: GraphQLResponse<T> = await postGraphQL<T>(gatewayUrl, query, variables, {
    authorization: `Bearer ${token}`,
  });
  if (body.errors?.length)
    throw new Error(`${body.errors.map((e) => `${e.message} [${e.extensions?.code}]`).join('; ')}`);
  return body.data as T;
}

/** Retries while another service has not yet learned a fact from its events. */
const whenKnown = <T>(fn: () => Promise<T>, retryOn = /NOT_FOUND|BAD_USER_INPUT|PRECONDITION_FAILED/) =>
  eventually(
    async () => {
      try {
        return { value: await fn() };
      } catch (error) {
        if (retryOn.test((error as Error).message)) return undefined;
        throw error;
      }
    },
    30_000,
    100,
  ).then((r) => r.value);

const team = [
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
];

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const daysFromToday = (n: number) => isoDate(new Date(Date.now() + n * 86_400_000));

async function main(): Promise<void> {
  const admin = await devToken({ sub: ADMIN_ID, roles: ['ADMIN'], name: 'Seed Admin' });
  const existing = await call<{ teamMembers: unknown[] }>(admin, '{ teamMembers(activeOnly: false) { id } }');
  if (existing.teamMembers.length > 0) {
    process.stdout.write('[seed] demo data already present\n');
    return;
  }
  const started = Date.now();
  // The work role each member's time is priced under on a contract (the role card's names).
  // Estimates sell Developer, Business Analyst and Project Manager hours; the principal engineer
  // (Architect) and the designer (Support) work under roles no contract prices, so their billable
  // hours show in EngagementFinancials.offContractHours, billed at their own rates.
  const primaryRoleOf = (title: string): string | null =>
    /Principal/.test(title)
      ? 'Architect'
      : /Engineer/.test(title)
        ? 'Developer'
        : /Analyst/.test(title) && !/Finance/.test(title)
          ? 'Business Analyst'
          : /Delivery/.test(title)
            ? 'Project Manager'
            : /Designer/.test(title)
              ? 'Support'
              : null;

  const members: Array<{ id: string; name: string; roles: string[]; token: string }> = [];
  for (const person of team) {
    const email = `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;
    const { createTeamMember } = await call<{ createTeamMember: { id: string } }>(
      admin,
      'mutation ($input: CreateTeamMemberInput!) { createTeamMember(input: $input) { id } }',
      {
        input: {
          name: person.name,
          email,
          title: person.title,
          roles: person.roles,
          weeklyCapacityHours: person.hours,
          primaryRole: primaryRoleOf(person.title),
        },
      },
    );
    const token = await devToken({ sub: createTeamMember.id, roles: person.roles, name: person.name });
    members.push({ id: createTeamMember.id, name: person.name, roles: person.roles, token });
  }
  const byName = (name: string) => members.find((m) => m.name.startsWith(name))!;
  const finance = byName('Katherine');

  for (const [i, m] of members.entries()) {
    const cost = 60 + (i % 5) * 10;
    await call(
      finance.token,
      'mutation ($input: SetMemberRateInput!) { setMemberRate(input: $input) { id } }',
      {
        input: {
          memberId: m.id,
          costRate: { amount: `${cost}.00`, currency: 'USD' },
          billRate: { amount: `${cost * 2 + 20}.00`, currency: 'USD' },
          effectiveFrom: daysFromToday(-120),
        },
      },
    );
  }

  // Finance's role card: estimates are costed from it, never from rates the seller types.
  const ROLE_CARD = [
    { role: 'Developer', cost: 80, bill: 150 },
    { role: 'Business Analyst', cost: 70, bill: 130 },
    { role: 'Project Manager', cost: 90, bill: 160 },
    { role: 'Architect', cost: 110, bill: 200 },
    { role: 'Support', cost: 55, bill: 100 },
  ];
  for (const { role, cost, bill } of ROLE_CARD) {
    await call(
      finance.token,
      'mutation ($input: SetRoleRateInput!) { setRoleRate(input: $input) { role } }',
      {
        input: {
          role,
          costRate: { amount: `${cost}.00`, currency: 'USD' },
          billRate: { amount: `${bill}.00`, currency: 'USD' },
          effectiveFrom: daysFromToday(-365),
        },
      },
    );
  }
  const cardCost = (role: string) => ROLE_CARD.find((r) => r.role === role)!.cost;

  const sellers = [byName('Grace'), byName('Alan')];
  const clients: string[] = [];
  for (const [i, c] of [
    'Northwind Traders',
    'Contoso Bank',
    'Fabrikam Health',
    'Tailspin Airlines',
    'Wingtip Toys',
  ].entries()) {
    const data = await whenKnown(() =>
      call<{ createClient: { id: string } }>(
        sellers[i % 2].token,
        'mutation ($input: CreateClientInput!) { createClient(input: $input) { id } }',
        {
          input: {
            name: c,
            industry: ['Retail', 'Banking', 'Healthcare', 'Aviation', 'Consumer'][i],
            accountManagerId: sellers[i % 2].id,
          },
        },
      ),
    );
    clients.push(data.createClient.id);
  }

  const deliveryLeads = [byName('Edsger'), byName('Barbara'), byName('Donald')];
  const engineers = members.filter((m) => m.roles.includes('MEMBER'));
  const deals = [
    {
      title: 'Commerce platform rebuild',
      model: 'FIXED_FEE',
      hours: 600,
      rate: 150,
      price: '96000.00',
      stage: 'WON',
    },
    {
      title: 'Core banking integration',
      model: 'TIME_AND_MATERIALS',
      hours: 400,
      rate: 170,
      price: '68000.00',
      stage: 'WON',
    },
    {
      title: 'Patient portal support',
      model: 'RETAINER',
      hours: 300,
      rate: 140,
      price: '42000.00',
      stage: 'WON',
    },
    {
      title: 'Loyalty app discovery',
      model: 'FIXED_FEE',
      hours: 160,
      rate: 150,
      price: '22000.00',
      stage: 'WON',
    },
    {
      title: 'Fleet analytics pilot',
      model: 'TIME_AND_MATERIALS',
      hours: 120,
      rate: 160,
      price: '19200.00',
      stage: 'IN_REVIEW',
    },
    {
      title: 'Kiosk refresh',
      model: 'FIXED_FEE',
      hours: 80,
      rate: 140,
      price: '11200.00',
      stage: 'ESTIMATING',
    },
    {
      title: 'Data warehouse assessment',
      model: 'FIXED_FEE',
      hours: 0,
      rate: 0,
      price: '0',
      stage: 'QUALIFYING',
    },
    {
      title: 'Mobile ticketing',
      model: 'FIXED_FEE',
      hours: 200,
      rate: 150,
      price: '30000.00',
      stage: 'LOST',
    },
  ];

  const engagements: Array<{ id: string; owner: (typeof members)[number]; hours: number }> = [];
  for (const [i, deal] of deals.entries()) {
    const seller = sellers[i % 2];
    const { createOpportunity } = await call<{ createOpportunity: { id: string } }>(
      seller.token,
      'mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }',
      { input: { clientId: clients[i % clients.length], title: deal.title, pricingModel: deal.model } },
    );
    const opportunityId = createOpportunity.id;
    if (deal.stage === 'QUALIFYING') continue;
    // Built from roles: the cost rates are the card's. They are sent (as old clients do) so that
    // sales refuses the estimate until it has learnt the card from RoleRateSet; then it is retried.
    await whenKnown(
      () =>
        call(seller.token, 'mutation ($input: SetEstimateInput!) { setEstimate(input: $input) { id } }', {
          input: {
            opportunityId,
            lines: [
              {
                role: 'Developer',
                hours: deal.hours * 0.6,
                costRate: { amount: `${cardCost('Developer')}.00`, currency: 'USD' },
                billRate: { amount: `${deal.rate}.00`, currency: 'USD' },
              },
              {
                role: 'Business Analyst',
                hours: deal.hours * 0.2,
                costRate: { amount: `${cardCost('Business Analyst')}.00`, currency: 'USD' },
                billRate: { amount: `${deal.rate - 20}.00`, currency: 'USD' },
              },
              {
                role: 'Project Manager',
                hours: deal.hours * 0.2,
                costRate: { amount: `${cardCost('Project Manager')}.00`, currency: 'USD' },
                billRate: { amount: `${deal.rate}.00`, currency: 'USD' },
              },
            ],
            price: { amount: deal.price, currency: 'USD' },
            startDate: daysFromToday(-30 + i),
            endDate: daysFromToday(150 + i * 10),
            scope: `${deal.title}: discovery, design, build and rollout as agreed with the client.`,
          },
        }),
      /role card/,
    );
    if (deal.stage === 'ESTIMATING') continue;
    if (deal.stage === 'LOST') {
      await call(
        seller.token,
        'mutation ($id: ID!) { markOpportunityLost(opportunityId: $id, reason: "Client chose an in-house team") { id } }',
        { id: opportunityId },
      );
      continue;
    }
    await call(seller.token, 'mutation ($id: ID!) { submitForReview(opportunityId: $id) { id } }', {
      id: opportunityId,
    });
    if (deal.stage === 'IN_REVIEW') continue;
    const review = (token: string, discipline: string) =>
      call(token, 'mutation ($input: ReviewOpportunityInput!) { reviewOpportunity(input: $input) { id } }', {
        input: {
          opportunityId,
          discipline,
          decision: 'APPROVED',
          comment: 'Scope, dates and staffing are achievable.',
        },
      });
    await review(deliveryLeads[i % 3].token, 'DELIVERY');
    await review(finance.token, 'FINANCE');
    const { signContract } = await call<{ signContract: { id: string } }>(
      seller.token,
      'mutation ($id: ID!) { signContract(opportunityId: $id) { id } }',
      { id: opportunityId },
    );
    const engagementId = await eventually(async () => {
      const data = await call<{ contract: { engagement: { id: string } | null } }>(
        admin,
        'query ($id: ID!) { contract(id: $id) { engagement { id } } }',
        { id: signContract.id },
      );
      return data.contract.engagement?.id;
    }, 30_000);
    engagements.push({ id: engagementId, owner: deliveryLeads[i % 3], hours: deal.hours });
  }

  for (const [i, e] of engagements.entries()) {
    await whenKnown(() =>
      call(
        e.owner.token,
        'mutation ($input: AssignEngagementRolesInput!) { assignEngagementRoles(input: $input) { id } }',
        {
          input: { engagementId: e.id, accountManagerId: sellers[i % 2].id, deliveryOwnerId: e.owner.id },
        },
      ),
    );
    const { createProject } = await whenKnown(() =>
      call<{ createProject: { id: string; milestones: Array<{ id: string; kind: string }> } }>(
        e.owner.token,
        'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id milestones { id kind } } }',
        {
          input: {
            engagementId: e.id,
            name: `Phase 1`,
            startDate: daysFromToday(-28),
            dueDate: daysFromToday(120),
            // Never more than was sold: the contract's budget hours cap the engagement's projects.
            budgetHours: Math.min(300 + i * 50, e.hours),
          },
        },
      ),
    );
    // The delivery owner signs off the early deliverables once delivery knows the roles.
    const early = createProject.milestones.filter((m) =>
      ['BRD', 'SOW', 'PROJECT_PLAN'].slice(0, 3 - (i % 2)).includes(m.kind),
    );
    for (const m of early) {
      await call(e.owner.token, 'mutation ($id: ID!) { deliverMilestone(milestoneId: $id) { id } }', {
        id: m.id,
      });
      // FORBIDDEN until delivery has learned from EngagementRolesAssigned who the owner is.
      await whenKnown(
        () =>
          call(e.owner.token, 'mutation ($id: ID!) { signOffMilestone(milestoneId: $id) { id } }', {
            id: m.id,
          }),
        /FORBIDDEN/,
      );
    }
    if (i < 3)
      await call(e.owner.token, 'mutation ($id: ID!) { startProject(projectId: $id) { id } }', {
        id: createProject.id,
      });
    const staff = engineers
      .slice(i % engineers.length)
      .concat(engineers)
      .slice(0, 3);
    for (const person of staff) {
      await call(e.owner.token, 'mutation ($input: AllocateInput!) { allocate(input: $input) { id } }', {
        input: {
          memberId: person.id,
          projectId: createProject.id,
          hoursPerWeek: 12,
          from: daysFromToday(-28),
          to: daysFromToday(90),
        },
      });
    }
    if (i >= 3) continue;
    for (let day = 21; day >= 1; day -= 1) {
      const date = new Date(Date.now() - day * 86_400_000);
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
      for (const [k, person] of staff.entries()) {
        await call(person.token, 'mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }', {
          input: {
            memberId: person.id,
            projectId: createProject.id,
            date: isoDate(date),
            minutes: 120 + 30 * ((day + k) % 4),
            billable: k !== 2 || day % 2 === 0,
          },
        });
      }
    }
    if (i === 0) {
      const { requestChangeOrder } = await call<{ requestChangeOrder: { id: string } }>(
        sellers[0].token,
        'mutation ($input: RequestChangeOrderInput!) { requestChangeOrder(input: $input) { id } }',
        {
          input: {
            engagementId: e.id,
            description: 'Add a B2B ordering portal',
            amountDelta: { amount: '12000.00', currency: 'USD' },
            hoursDelta: 80,
            scheduleDeltaDays: 14,
          },
        },
      );
      await call(
        e.owner.token,
        'mutation ($id: ID!) { decideChangeOrder(changeOrderId: $id, approve: true) { id } }',
        { id: requestChangeOrder.id },
      );
    }
  }
  process.stdout.write(
    `[seed] ${members.length} team members, ${clients.length} clients, ${deals.length} opportunities, ${engagements.length} engagements in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`[seed] failed: ${error.message}\n`);
  process.exit(1);
});
