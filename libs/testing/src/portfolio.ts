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
