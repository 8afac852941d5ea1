import { eventually, startStack, type Stack } from '@platform/testing';

// Issue 14's worked examples as users meet them, through the real gateway: four subgraph
// processes and the gateway over the real PostgreSQL and Kafka broker (ARCHITECTURE.md,
// "Rate cards and honest estimates"). Finance's role card costs estimates, reviewers see the
// numbers, DELIVERY may answer with a counter-estimate, T&M revenue follows the contract's
// rates, and projects cannot promise more hours than were sold. The steps share state and run
// in order.

let stack: Stack;
let admin: string;
const ADMIN_ID = '00000000-0000-4000-8000-0000000000ab';
const people: Record<string, { id: string; token: string }> = {};
const ids: Record<string, string> = {};

type GqlError = { message: string; extensions?: Record<string, unknown> };

async function ok<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const body = await stack.query<T>(token, query, variables);
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const usd = (amount: string) => ({ amount, currency: 'USD' });

const SET_ESTIMATE = 'mutation ($input: SetEstimateInput!) { setEstimate(input: $input) { id } }';

async function opportunity(title: string, pricingModel: string): Promise<string> {
  const data = await ok<{ createOpportunity: { id: string } }>(
    people.seller.token,
    'mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }',
    { input: { clientId: ids.client, title, pricingModel } },
  );
  return data.createOpportunity.id;
}

/** 100 h of Developer, billed at `billRate`, for `price`, from 30 days ago. */
const developerEstimate = (opportunityId: string, billRate: string, price: string, line = {}) => ({
  input: {
    opportunityId,
    lines: [{ role: 'Developer', hours: 100, billRate: usd(billRate), ...line }],
    price: usd(price),
    startDate: isoDate(-30),
    endDate: isoDate(60),
    scope: 'Reporting portal',
  },
});

const review = (token: string, input: Record<string, unknown>) =>
  stack.query(
    token,
    'mutation ($input: ReviewOpportunityInput!) { reviewOpportunity(input: $input) { id } }',
    { input },
  );

type Financials = {
  revenue: { amount: string };
  cost: { amount: string };
  billableHours: number;
  offContractHours: number;
};

async function financials(): Promise<Financials | null> {
  const data = await ok<{ engagement: { financials: Financials | null } }>(
    people.finance.token,
    'query ($id: ID!) { engagement(id: $id) { financials { revenue { amount } cost { amount } billableHours offContractHours } } }',
    { id: ids.engagement },
  );
  return data.engagement.financials;
}

beforeAll(async () => {
  stack = await startStack();
  admin = await stack.token(ADMIN_ID, ['ADMIN'], 'Admin');
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe('honest estimates through the gateway (issue 14)', () => {
  it('sets up the team, a client and finance’s role card', async () => {
    const team = [
      ['seller', ['SALES'], null],
      ['lead', ['DELIVERY'], null],
      ['finance', ['FINANCE'], null],
      ['dev', ['MEMBER'], 'Developer'],
    ] as const;
    for (const [key, roles, primaryRole] of team) {
      const data = await ok<{ createTeamMember: { id: string; primaryRole: string | null } }>(
        admin,
        'mutation ($input: CreateTeamMemberInput!) { createTeamMember(input: $input) { id primaryRole } }',
        {
          input: {
            name: `HE ${key}`,
            email: `${key}@honest.e2e.example`,
            roles,
            weeklyCapacityHours: 40,
            primaryRole,
          },
        },
      );
      expect(data.createTeamMember.primaryRole).toBe(primaryRole);
      people[key] = {
        id: data.createTeamMember.id,
        token: await stack.token(data.createTeamMember.id, [...roles], `HE ${key}`),
      };
    }
    const client = await eventually(async () => {
      const body = await stack.query<{ createClient: { id: string } }>(
        people.seller.token,
        'mutation ($input: CreateClientInput!) { createClient(input: $input) { id } }',
        { input: { name: 'Initech', industry: 'Software', accountManagerId: people.seller.id } },
      );
      return body.data?.createClient;
    }, 60_000);
    ids.client = client.id;

    const { setRoleRate } = await ok<{ setRoleRate: Record<string, unknown> }>(
      people.finance.token,
      'mutation ($input: SetRoleRateInput!) { setRoleRate(input: $input) { role costRate { amount } billRate { amount } } }',
      {
        input: {
          role: 'Developer',
          costRate: usd('50.00'),
          billRate: usd('60.00'),
          effectiveFrom: isoDate(-365),
        },
      },
    );
    expect(setRoleRate).toEqual({
      role: 'Developer',
      costRate: { amount: '50.00' },
      billRate: { amount: '60.00' },
    });
    // Only FINANCE/ADMIN write the card.
    const bySeller = await stack.query(
      people.seller.token,
      'mutation ($input: SetRoleRateInput!) { setRoleRate(input: $input) { role } }',
      {
        input: {
          role: 'Developer',
          costRate: usd('1.00'),
          billRate: usd('60.00'),
          effectiveFrom: isoDate(-365),
        },
      },
    );
    expect(bySeller.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a seller-typed cost rate of 1.00, naming the field and the card’s rate, and writes nothing', async () => {
    ids.fixedFee = await opportunity('Reporting portal', 'FIXED_FEE');
    // Sales learns the card from RoleRateSet; once it has, the typed 1.00 is refused with its 50.00.
    const refused = await eventually(async () => {
      const body = await stack.query(
        people.seller.token,
        SET_ESTIMATE,
        developerEstimate(ids.fixedFee, '55.00', '5500.00', { costRate: usd('1.00') }),
      );
      const error = body.errors?.[0] as GqlError | undefined;
      return error?.message.includes('50.00 USD') ? error : undefined;
    }, 60_000);
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.lines.0.costRate' });
    const after = await ok<{ opportunity: { estimate: unknown } }>(
      people.seller.token,
      'query ($id: ID!) { opportunity(id: $id) { estimate { revision } } }',
      { id: ids.fixedFee },
    );
    expect(after.opportunity.estimate).toBeNull();
  });

  it('costs 100 h of Developer at the card’s 50.00: margin 9.09 %, so FINANCE must approve too', async () => {
    await ok(people.seller.token, SET_ESTIMATE, developerEstimate(ids.fixedFee, '55.00', '5500.00'));
    await ok(people.seller.token, 'mutation ($id: ID!) { submitForReview(opportunityId: $id) { id } }', {
      id: ids.fixedFee,
    });
    const FIGURES = `query ($id: ID!) { opportunity(id: $id) {
      estimate { cost { amount } margin { amount } marginPercent lines { role costRate { amount } billRate { amount } } }
      signingBlockers } }`;
    // cost = 100 h × 50.00 = 6000 min × 50.00 / 60 = 5,000.00; margin = 5,500.00 − 5,000.00 = 500.00;
    // margin % = 500 / 5,500 × 100 = 9.0909 (people read 9.09 %) < 20 %: FINANCE approval required.
    const seller = await ok<{ opportunity: { estimate: unknown; signingBlockers: string[] } }>(
      people.seller.token,
      FIGURES,
      { id: ids.fixedFee },
    );
    expect(seller.opportunity.estimate).toEqual({
      cost: { amount: '5000.00' },
      margin: { amount: '500.00' },
      marginPercent: 9.0909,
      lines: [{ role: 'Developer', costRate: { amount: '50.00' }, billRate: { amount: '55.00' } }],
    });
    expect(seller.opportunity.signingBlockers).toEqual([
      'Needs a DELIVERY approval of estimate revision 1',
      expect.stringMatching(/needs a FINANCE approval of revision 1$/),
    ]);

    // The DELIVERY reviewer judges the same numbers (it was FORBIDDEN before issue 14).
    const lead = await stack.query<{ opportunity: { estimate: unknown } }>(people.lead.token, FIGURES, {
      id: ids.fixedFee,
    });
    expect(lead.errors).toBeUndefined();
    expect(lead.data?.opportunity.estimate).toMatchObject({
      cost: { amount: '5000.00' },
      margin: { amount: '500.00' },
      marginPercent: 9.0909,
    });

    // A MEMBER reads the blockers, but not one figure of the margin in them.
    const member = await stack.query<{ opportunity: { signingBlockers: string[] } }>(
      people.dev.token,
      'query ($id: ID!) { opportunity(id: $id) { signingBlockers } }',
      { id: ids.fixedFee },
    );
    const blockers = member.data?.opportunity.signingBlockers ?? [];
    expect(blockers).toHaveLength(2);
    expect(blockers[1]).toMatch(/FINANCE approval/);
    for (const blocker of blockers) expect(blocker).not.toMatch(/\d\s*%/);
    expect(blockers.join(' ')).not.toMatch(/9\.09|500\.00|5000\.00|5,000/);

    // DELIVERY's approval alone does not sign: FINANCE's is still missing.
    expect(
      (
        await review(people.lead.token, {
          opportunityId: ids.fixedFee,
          discipline: 'DELIVERY',
          decision: 'APPROVED',
        })
      ).errors,
    ).toBeUndefined();
    const sign = await stack.query(
      people.seller.token,
      'mutation ($id: ID!) { signContract(opportunityId: $id) { id } }',
      { id: ids.fixedFee },
    );
    expect(sign.errors?.[0].extensions?.code).toBe('PRECONDITION_FAILED');
  });

  it('shows DELIVERY’s counter-estimate of 130 h beside the seller’s, costed at the card', async () => {
    const id = await opportunity('Reporting portal, second opinion', 'FIXED_FEE');
    await ok(people.seller.token, SET_ESTIMATE, developerEstimate(id, '55.00', '5500.00'));
    await ok(people.seller.token, 'mutation ($id: ID!) { submitForReview(opportunityId: $id) { id } }', {
      id,
    });
    const requested = await review(people.lead.token, {
      opportunityId: id,
      discipline: 'DELIVERY',
      decision: 'CHANGES_REQUESTED',
      comment: 'Reporting alone takes 130 h',
      suggestedLines: [{ role: 'Developer', hours: 130 }],
    });
    expect(requested.errors).toBeUndefined();
    // cost = 130 h × 50.00 = 7800 min × 50.00 / 60 = 6,500.00; margin = 5,500.00 − 6,500.00 = −1,000.00;
    // margin % = −1,000 / 5,500 × 100 = −18.1818 (people read −18.18 %), beside the seller's 9.09 %.
    const seen = await ok<{ opportunity: Record<string, unknown> }>(
      people.seller.token,
      `query ($id: ID!) { opportunity(id: $id) {
        deliveryEstimate { reviewer { id } totalHours cost { amount } margin { amount } marginPercent
          lines { role hours costRate { amount } } }
        estimate { cost { amount } marginPercent } } }`,
      { id },
    );
    expect(seen.opportunity).toEqual({
      deliveryEstimate: {
        reviewer: { id: people.lead.id },
        totalHours: 130,
        cost: { amount: '6500.00' },
        margin: { amount: '-1000.00' },
        marginPercent: -18.1818,
        lines: [{ role: 'Developer', hours: 130, costRate: { amount: '50.00' } }],
      },
      estimate: { cost: { amount: '5000.00' }, marginPercent: 9.0909 },
    });
  });

  it('signs a T&M contract that froze its rate table: Developer at 170.00 for 100 h', async () => {
    ids.tm = await opportunity('Analytics rollout', 'TIME_AND_MATERIALS');
    // cost 5,000.00 against 17,000.00: margin % = 12,000 / 17,000 × 100 = 70.59 ≥ 20, DELIVERY alone approves.
    await ok(people.seller.token, SET_ESTIMATE, developerEstimate(ids.tm, '170.00', '17000.00'));
    await ok(people.seller.token, 'mutation ($id: ID!) { submitForReview(opportunityId: $id) { id } }', {
      id: ids.tm,
    });
    expect(
      (
        await review(people.lead.token, {
          opportunityId: ids.tm,
          discipline: 'DELIVERY',
          decision: 'APPROVED',
        })
      ).errors,
    ).toBeUndefined();
    const { signContract } = await ok<{
      signContract: { id: string; budgetHours: number; rates: unknown[] };
    }>(
      people.seller.token,
      'mutation ($id: ID!) { signContract(opportunityId: $id) { id budgetHours rates { role hours billRate { amount currency } } } }',
      { id: ids.tm },
    );
    ids.contract = signContract.id;
    expect(signContract).toMatchObject({
      budgetHours: 100,
      rates: [{ role: 'Developer', hours: 100, billRate: { amount: '170.00', currency: 'USD' } }],
    });
    const engagement = await eventually(async () => {
      const data = await ok<{ contract: { engagement: { id: string } | null } }>(
        admin,
        'query ($id: ID!) { contract(id: $id) { engagement { id } } }',
        { id: ids.contract },
      );
      return data.contract.engagement;
    }, 60_000);
    ids.engagement = engagement.id;
    await eventually(async () => {
      const body = await stack.query(
        people.lead.token,
        'mutation ($input: AssignEngagementRolesInput!) { assignEngagementRoles(input: $input) { id } }',
        {
          input: {
            engagementId: ids.engagement,
            accountManagerId: people.seller.id,
            deliveryOwnerId: people.lead.id,
          },
        },
      );
      return !body.errors;
    }, 60_000);
  });

  it('refuses a 400 h project on a 100 h contract, and accepts it after an approved +300 h change order', async () => {
    const create = () =>
      stack.query<{ createProject: { id: string; budgetHours: number } }>(
        people.lead.token,
        'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id budgetHours } }',
        {
          input: {
            engagementId: ids.engagement,
            name: 'Dashboards',
            startDate: isoDate(-30),
            dueDate: isoDate(60),
            budgetHours: 400,
          },
        },
      );
    // Delivery learns the engagement from EngagementOpened (NOT_FOUND until then).
    const refused = await eventually(async () => {
      const error = (await create()).errors?.[0];
      return error?.extensions?.code === 'PRECONDITION_FAILED' ? error : undefined;
    }, 60_000);
    // promised 400 h > sold 100 h (contract) + 0 h (approved change orders).
    expect(refused.extensions).toMatchObject({ promisedHours: 400, soldHours: 100 });
    const none = await ok<{ engagement: { projects: unknown[] } }>(
      people.lead.token,
      'query ($id: ID!) { engagement(id: $id) { projects { id } } }',
      { id: ids.engagement },
    );
    expect(none.engagement.projects).toEqual([]);

    const { requestChangeOrder } = await ok<{ requestChangeOrder: { id: string } }>(
      people.seller.token,
      'mutation ($input: RequestChangeOrderInput!) { requestChangeOrder(input: $input) { id } }',
      {
        input: {
          engagementId: ids.engagement,
          description: 'Three more dashboards',
          amountDelta: usd('51000.00'),
          hoursDelta: 300,
          scheduleDeltaDays: 0,
        },
      },
    );
    await ok(
      people.lead.token,
      'mutation ($id: ID!) { decideChangeOrder(changeOrderId: $id, approve: true) { status } }',
      { id: requestChangeOrder.id },
    );
    // sold = 100 h + 300 h = 400 h, so 400 h may be promised once delivery learns the approval.
    const accepted = await eventually(async () => {
      const body = await create();
      const code = body.errors?.[0].extensions?.code;
      if (code && code !== 'PRECONDITION_FAILED') throw new Error(JSON.stringify(body.errors));
      return body.data?.createProject;
    }, 60_000);
    expect(accepted.budgetHours).toBe(400);
    ids.project = accepted.id;
  });

  it('bills T&M time at the contract’s 170.00, not the member’s own 200.00, and counts off-contract hours', async () => {
    await ok(
      people.finance.token,
      'mutation ($input: SetMemberRateInput!) { setMemberRate(input: $input) { id } }',
      {
        input: {
          memberId: people.dev.id,
          costRate: usd('80.00'),
          billRate: usd('200.00'),
          effectiveFrom: isoDate(-60),
        },
      },
    );
    const log = (date: string, minutes: number) =>
      ok(people.dev.token, 'mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }', {
        input: { memberId: people.dev.id, projectId: ids.project, date, minutes, billable: true },
      });
    // Under the member's primary role Developer: 13 days × 450 min + 180 min = 6030 min = 100.5 h.
    for (let day = 2; day <= 14; day += 1) await log(isoDate(-day), 450);
    await log(isoDate(-15), 180);
    // Revenue: 13 × round(450 × 170.00 / 60) + round(180 × 170.00 / 60) = 13 × 1,275.00 + 510.00 = 17,085.00
    //   (at the member's own 200.00 it would be 6030 × 200.00 / 60 = 20,100.00).
    // Cost: 6030 min × 80.00 / 60 = 8,040.00.
    const onContract = await eventually(async () => {
      const f = await financials();
      return f && f.billableHours === 100.5 && f.cost.amount === '8040.00' ? f : undefined;
    }, 60_000);
    expect(onContract).toEqual({
      revenue: { amount: '17085.00' },
      cost: { amount: '8040.00' },
      billableHours: 100.5,
      offContractHours: 0,
    });

    // Two hours on one day under a role the contract has no rate for: the allocation names it.
    await ok(people.lead.token, 'mutation ($input: AllocateInput!) { allocate(input: $input) { id } }', {
      input: {
        memberId: people.dev.id,
        projectId: ids.project,
        hoursPerWeek: 2,
        from: isoDate(-20),
        to: isoDate(-20),
        role: 'Tester',
      },
    });
    await log(isoDate(-20), 120);
    // Tester is billed at the member's own rate: 17,085.00 + 120 × 200.00 / 60 = 17,085.00 + 400.00 = 17,485.00;
    // cost 8,040.00 + 120 × 80.00 / 60 = 8,040.00 + 160.00 = 8,200.00; 2 h off the contract.
    const offContract = await eventually(async () => {
      const f = await financials();
      return f && f.billableHours === 102.5 && f.cost.amount === '8200.00' ? f : undefined;
    }, 60_000);
    expect(offContract).toEqual({
      revenue: { amount: '17485.00' },
      cost: { amount: '8200.00' },
      billableHours: 102.5,
      offContractHours: 2,
    });
  });
});
