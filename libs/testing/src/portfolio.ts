/**
 * The portfolio itself is seeded by @platform/seed (one seeder for `npm start`, tests and
 * benchmarks); re-exported here so a test file has one helper module. What tests and benchmarks
 * measure on it lives here.
 */
export {
  awaitEngagements,
  caller,
  isoDay,
  mapWithConcurrency,
  PORTFOLIO_ADMIN_ID,
  seedPortfolio,
  seedTeam,
  signContract,
  whenKnown,
  type ContractPlan,
  type Portfolio,
  type PortfolioEngagement,
  type PortfolioMember,
  type PortfolioOptions,
  type PortfolioTarget,
} from '@platform/seed';

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

/** `db_queries_total` (SQL statements sent) of each subgraph, from its Prometheus /metrics URL. */
export async function subgraphStatementCounts(
  metricsUrls: Record<string, string>,
): Promise<Record<string, number>> {
  return readCounters(metricsUrls, 'db_queries_total');
}

/** Statements sent by GraphQL requests alone (db_statements_per_request's sum), per subgraph. */
export async function requestStatementCounts(
  metricsUrls: Record<string, string>,
): Promise<Record<string, number>> {
  return readCounters(metricsUrls, 'db_statements_per_request_sum');
}

async function readCounters(
  metricsUrls: Record<string, string>,
  metric: string,
): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(metricsUrls).map(async ([name, url]) => {
      const text = await (await fetch(url)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${metric} `) || l.startsWith(`${metric}{`));
      if (!line) throw new Error(`${name} has no ${metric} metric`);
      return [name, Number(line.trim().split(/\s+/).pop())] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * SQL statements each subgraph runs for one call of `request`: the statements of GraphQL
 * requests alone (each request counts its own, docs/development.md "SQL statement counts"), read
 * before and after, so a consumer applying events or the outbox relay meanwhile counts for
 * nothing. The request must be the only GraphQL traffic meanwhile; each of `repeats` tries must
 * give the same counts (a request whose statements vary is a finding, not noise).
 */
export async function statementsPerRequest(
  metricsUrls: Record<string, string>,
  request: () => Promise<void>,
  repeats = 2,
): Promise<Record<string, number>> {
  let first: Record<string, number> | undefined;
  for (let attempt = 0; attempt < repeats; attempt += 1) {
    const before = await requestStatementCounts(metricsUrls);
    await request();
    const after = await requestStatementCounts(metricsUrls);
    const used = Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - before[name]]));
    if (first && JSON.stringify(first) !== JSON.stringify(used))
      throw new Error(`statements differ between two identical requests: ${JSON.stringify([first, used])}`);
    first = used;
  }
  return first ?? {};
}
