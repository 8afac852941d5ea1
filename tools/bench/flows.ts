/**
 * Figures of the event-driven flows, through the gateway on the seeded stack:
 * - how long after `signContract` returns `Contract.engagement` becomes non-null (issue 5);
 * - `logTime` mutations per second (issue 6);
 * - staleness at a steady rate of time entries: from `logTime` to `financials` reflecting it (issue 7).
 */
import { loadavg } from 'node:os';
import { IDENTITY_HEADER, signIdentity, type Identity } from '@platform/graphql-kit';
import {
  TEST_SIGNING_SECRET,
  isoDay,
  signContract,
  subgraphStatementCounts,
  type Portfolio,
  type PortfolioTarget,
} from '@platform/testing';
import { graphql, httpRequest } from './lib/http';
import { cpuWindow, distribution, median, percentile, type Accounting, type Distribution } from './lib/load';

export type { Distribution };

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LOG_TIME = 'mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }';

export interface OpeningResult {
  contracts: number;
  /** Contracts whose engagement had not opened after 60 s (not in the distribution). */
  notOpened: number;
  /** Of those, seconds until each opened after all (polling goes on to 180 s), or null if never. */
  lateOpenings: Array<number | null>;
  /** Polls answered with errors (a late opening with errors says where to look). */
  pollErrors: number;
  pollIntervalMs: number;
  /** signContract returned → Contract.engagement non-null (ms). */
  latencyMs: Distribution;
  loadAverage1m: number;
}

/** Signs `count` contracts one after another and polls each until its engagement is open. */
export async function engagementOpening(
  target: PortfolioTarget,
  portfolio: Portfolio,
  count: number,
  pollIntervalMs = 5,
): Promise<OpeningResult> {
  const latencies: number[] = [];
  const lateOpenings: Array<number | null> = [];
  let pollErrors = 0;
  const opened = async (contractId: string) => {
    const body = await target.query<{ contract: { engagement: { id: string } | null } }>(
      portfolio.adminToken,
      'query ($id: ID!) { contract(id: $id) { engagement { id } } }',
      { id: contractId },
    );
    if (body.errors?.length) pollErrors += 1;
    return Boolean(body.data?.contract.engagement);
  };
  for (let i = 0; i < count; i += 1) {
    const contractId = await signContract(target, {
      clientId: portfolio.clients[i % portfolio.clients.length],
      seller: portfolio.sellers[i % portfolio.sellers.length],
      reviewer: portfolio.deliveryLeads[i % portfolio.deliveryLeads.length],
      title: `Opening latency ${i + 1}`,
      pricingModel: 'FIXED_FEE',
      hours: 120,
    });
    const signed = performance.now();
    let open = false;
    while (performance.now() - signed < 60_000) {
      if ((open = await opened(contractId))) break;
      await sleep(pollIntervalMs);
    }
    if (open) {
      latencies.push(performance.now() - signed);
      continue;
    }
    // Late or lost? Keep looking, less often, up to three minutes.
    let late: number | null = null;
    while (late === null && performance.now() - signed < 180_000) {
      await sleep(500);
      if (await opened(contractId)) late = round((performance.now() - signed) / 1000);
    }
    lateOpenings.push(late);
    // A stuck event pipeline would make every further contract wait minutes too.
    if (lateOpenings.length >= 3) break;
  }
  return {
    contracts: latencies.length + lateOpenings.length,
    notOpened: lateOpenings.length,
    lateOpenings,
    pollErrors,
    pollIntervalMs,
    latencyMs: distribution(latencies),
    loadAverage1m: round(loadavg()[0], 2),
  };
}

/** A time entry that never collides: one member per writer, dates cycling over the last 59 days. */
function entryInput(portfolio: Portfolio, writer: number, sequence: number, projectId: string) {
  const member = portfolio.members[writer % portfolio.members.length];
  return {
    memberId: member.id,
    projectId,
    date: isoDay(-1 - (sequence % 59)),
    minutes: 1,
    billable: true,
  };
}

const financeIdentity = (portfolio: Portfolio): Identity => ({
  sub: portfolio.finance.id,
  roles: ['FINANCE'],
  name: portfolio.finance.name,
});

/** Minutes accounting's `financials.loggedHours` shows per engagement, read straight from the subgraph. */
async function loggedMinutes(
  accountingUrl: string,
  portfolio: Portfolio,
  ids: string[],
): Promise<Map<string, number>> {
  const body = await graphql<{ _entities: Array<{ financials: { loggedHours: number } | null } | null> }>(
    accountingUrl,
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Engagement { financials { loggedHours } } } }',
    { r: ids.map((id) => ({ __typename: 'Engagement', id })) },
    { [IDENTITY_HEADER]: signIdentity(financeIdentity(portfolio), TEST_SIGNING_SECRET) },
  );
  if (body.errors?.length) throw new Error(`accounting: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return new Map(
    ids.map((id, i) => [id, Math.round((body.data?._entities[i]?.financials?.loggedHours ?? 0) * 60)]),
  );
}

async function totalLoggedMinutes(accountingUrl: string, portfolio: Portfolio): Promise<number> {
  const minutes = await loggedMinutes(
    accountingUrl,
    portfolio,
    portfolio.engagements.map((e) => e.id),
  );
  return [...minutes.values()].reduce((a, b) => a + b, 0);
}

export interface LogTimeRun {
  seconds: number;
  mutations: number;
  errors: number;
  perSecond: number;
  latencyMs: Distribution;
  loadAverage1m: number;
}

export interface LogTimeResult {
  concurrency: number;
  runs: LogTimeRun[];
  medianPerSecond: number;
  medianP50Ms: number;
  medianP99Ms: number;
  /** CPU per logTime by process group over the measured runs (ms). */
  cpuMsPerMutation: Record<string, number>;
  /** SQL statements per logTime in project-delivery, and per TimeLogged applied in accounting. */
  statementsPerEntry: { projectDelivery: number; accounting: number };
  /** Accounting applying the TimeLogged events of this phase (while the load ran and after). */
  accounting: {
    entries: number;
    caughtUpSeconds: number;
    drainSecondsAfterLoad: number;
    appliedPerSecond: number;
  };
}

/** Closed loop: `concurrency` writers each send the next logTime as soon as the last returned. */
export async function logTimeThroughput(
  stack: { gatewayUrl: string; serviceUrls: Record<string, string>; metricsUrls: Record<string, string> },
  portfolio: Portfolio,
  accounting: Accounting,
  options: { concurrency: number; seconds: number; warmupSeconds: number; runs: number },
): Promise<LogTimeResult> {
  const gatewayUrl = stack.gatewayUrl;
  const accountingUrl = stack.serviceUrls.accounting;
  const headers = { authorization: `Bearer ${portfolio.adminToken}` };
  const projects = portfolio.engagements.map((e) => e.projectId);
  let sequence = 0;
  const once = async (seconds: number): Promise<LogTimeRun> => {
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const end = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, writer) => {
        while (performance.now() < end) {
          const n = sequence++;
          const sent = performance.now();
          const body = await graphql(
            gatewayUrl,
            LOG_TIME,
            {
              input: entryInput(portfolio, writer, n, projects[n % projects.length]),
            },
            headers,
          );
          if (body.errors?.length) errors += 1;
          else latencies.push(performance.now() - sent);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return {
      seconds: round(elapsed, 2),
      mutations: latencies.length,
      errors,
      perSecond: round(latencies.length / elapsed),
      latencyMs: distribution(latencies),
      loadAverage1m: round(loadavg()[0], 2),
    };
  };
  const baseMinutes = await totalLoggedMinutes(accountingUrl, portfolio);
  const statementsBefore = await subgraphStatementCounts(stack.metricsUrls);
  const phaseStarted = performance.now();
  const warm = await once(options.warmupSeconds);
  const cpu = cpuWindow(accounting);
  const runs: LogTimeRun[] = [];
  for (let i = 0; i < options.runs; i += 1) runs.push(await once(options.seconds));
  const measured = runs.reduce((n, r) => n + r.mutations, 0);
  const groups = cpu.stop().groups;
  const loadEnded = performance.now();
  const entries = warm.mutations + measured;

  // Every entry of this phase is one more minute in accounting once its TimeLogged is applied.
  let applied = (await totalLoggedMinutes(accountingUrl, portfolio)) - baseMinutes;
  const deadline = performance.now() + 180_000;
  while (applied < entries && performance.now() < deadline) {
    await sleep(250);
    applied = (await totalLoggedMinutes(accountingUrl, portfolio)) - baseMinutes;
  }
  const caughtUp = performance.now();
  const statementsAfter = await subgraphStatementCounts(stack.metricsUrls);
  const perEntry = (name: string) =>
    round((statementsAfter[name] - statementsBefore[name]) / Math.max(1, entries), 2);
  return {
    concurrency: options.concurrency,
    runs,
    medianPerSecond: round(median(runs.map((r) => r.perSecond))),
    medianP50Ms: round(median(runs.map((r) => r.latencyMs.p50))),
    medianP99Ms: round(median(runs.map((r) => r.latencyMs.p99))),
    cpuMsPerMutation: Object.fromEntries(
      Object.entries(groups).map(([g, seconds]) => [g, round((seconds * 1000) / Math.max(1, measured), 2)]),
    ),
    statementsPerEntry: { projectDelivery: perEntry('project-delivery'), accounting: perEntry('accounting') },
    accounting: {
      entries,
      caughtUpSeconds: applied >= entries ? round((caughtUp - phaseStarted) / 1000) : NaN,
      drainSecondsAfterLoad: applied >= entries ? round((caughtUp - loadEnded) / 1000) : NaN,
      appliedPerSecond: round(applied / ((caughtUp - phaseStarted) / 1000)),
    },
  };
}

/**
 * Where the `logTime` mutations go: through the gateway (a user's path, JWT and all), or
 * straight to project-delivery with the signed identity the gateway would add, so the
 * machine's cores go to the write and the event pipeline rather than to the gateway.
 */
export type WritePath = 'gateway' | 'project-delivery';

export interface StalenessResult {
  via: WritePath;
  targetRate: number;
  /** p50 of the first and the second half of the probes: a backlog building up shows as a slower second half. */
  firstHalfP50Ms: number;
  secondHalfP50Ms: number;
  /** Entries committed but not yet in accounting when the load stopped, and seconds until they were. */
  lagAtEnd: number;
  drainSeconds: number;
  /** Longest time accounting applied no TimeLogged while the load ran, and most applied in one 100 ms step. */
  applyGapMaxMs: number;
  applyBurstMax: number;
  steady: boolean;
  achievedRate: number;
  seconds: number;
  mutations: number;
  errors: number;
  pollErrors: number;
  /** Scheduled entries not sent because `maxInFlight` mutations were still open (the rate was not held). */
  skipped: number;
  maxInFlight: number;
  probes: number;
  /** logTime response received → financials.loggedHours includes the entry (ms). */
  fromResponseMs: Distribution;
  /** logTime request sent → reflected (ms): an upper bound, includes the mutation itself. */
  fromRequestMs: Distribution;
  mutationLatencyMs: Distribution;
  pollIntervalMs: number;
  loadAverage1m: number;
}

/**
 * Open loop at `rate` entries per second through the gateway for `seconds`; one slot in five
 * (at most one per probe engagement at a time) is a probe whose visibility in accounting's
 * `financials` is polled every `pollIntervalMs` straight from the accounting subgraph.
 */
export async function staleness(
  stack: { gatewayUrl: string; serviceUrls: Record<string, string>; metricsUrls: Record<string, string> },
  portfolio: Portfolio,
  options: {
    rate: number;
    seconds: number;
    warmupSeconds: number;
    via?: WritePath;
    probeEngagements?: number;
    pollIntervalMs?: number;
  },
): Promise<StalenessResult> {
  const via = options.via ?? 'gateway';
  const accountingUrl = stack.serviceUrls.accounting;
  const writeUrl = via === 'gateway' ? stack.gatewayUrl : stack.serviceUrls['project-delivery'];
  const delivery: Identity = {
    sub: portfolio.deliveryLeads[0].id,
    roles: ['DELIVERY'],
    name: 'Bench delivery',
  };
  // The gateway's signed identity carries a timestamp, so it is signed again for every request.
  const headersFor = (): Record<string, string> =>
    via === 'gateway'
      ? { authorization: `Bearer ${portfolio.adminToken}` }
      : { [IDENTITY_HEADER]: signIdentity(delivery, TEST_SIGNING_SECRET) };
  const pollIntervalMs = options.pollIntervalMs ?? 10;
  // Enough probe engagements that probes keep going out every 100 ms through a stall of seconds.
  const probeCount = options.probeEngagements ?? 50;
  const probeEngagements = portfolio.engagements.slice(-probeCount);
  const background = portfolio.engagements.slice(0, -probeCount).map((e) => e.projectId);
  const maxInFlight = Math.max(32, Math.ceil(options.rate / 2));

  const expected = await loggedMinutes(
    accountingUrl,
    portfolio,
    probeEngagements.map((e) => e.id),
  );
  const baseTotal = await totalLoggedMinutes(accountingUrl, portfolio);
  let okTotal = 0;
  const pending = new Map<string, { minutes: number; sent: number; answered: number }>();
  const fromResponse: number[] = [];
  const fromRequest: number[] = [];
  const mutationLatency: number[] = [];
  let mutations = 0;
  let errors = 0;
  let skipped = 0;
  let inFlight = 0;
  let sequence = 0;
  let probeTurn = 0;
  let measuring = false;
  let pollErrors = 0;

  const send = async (projectId: string, writer: number, probe?: string) => {
    inFlight += 1;
    const sent = performance.now();
    try {
      const body = await graphql(
        writeUrl,
        LOG_TIME,
        { input: entryInput(portfolio, writer, sequence++, projectId) },
        headersFor(),
      );
      const answered = performance.now();
      if (body.errors?.length) {
        errors += 1;
        if (probe) pending.delete(probe);
        return;
      }
      okTotal += 1;
      if (measuring) {
        mutations += 1;
        mutationLatency.push(answered - sent);
      }
      if (probe) {
        const entry = pending.get(probe);
        if (entry) Object.assign(entry, { sent, answered });
      }
    } catch {
      errors += 1;
      if (probe) pending.delete(probe);
    } finally {
      inFlight -= 1;
    }
  };

  // Accounting's TimeLogged counter every 100 ms: how evenly the consumer applies what arrives.
  const appliedCounter = async () => {
    const { text } = await httpRequest(stack.metricsUrls.accounting);
    return text
      .split('\n')
      .filter((l) => l.startsWith('events_consumed_total{type="TimeLogged"'))
      .reduce((n, l) => n + Number(l.trim().split(/\s+/).pop()), 0);
  };
  let counting = true;
  let applyGapMaxMs = 0;
  let applyBurstMax = 0;
  const counter = (async () => {
    let last = await appliedCounter();
    let lastChange = performance.now();
    while (counting) {
      await sleep(100);
      const now = await appliedCounter().catch(() => last);
      if (now !== last) {
        const at = performance.now();
        if (measuring) {
          applyGapMaxMs = Math.max(applyGapMaxMs, at - lastChange);
          applyBurstMax = Math.max(applyBurstMax, now - last);
        }
        last = now;
        lastChange = at;
      }
    }
  })();

  let polling = true;
  const poller = (async () => {
    while (polling) {
      const ready = [...pending].filter(([, p]) => p.answered > 0).map(([id]) => id);
      if (ready.length) {
        let minutes: Map<string, number>;
        try {
          minutes = await loggedMinutes(accountingUrl, portfolio, ready);
        } catch {
          pollErrors += 1;
          await sleep(pollIntervalMs);
          continue;
        }
        const now = performance.now();
        for (const id of ready) {
          const p = pending.get(id)!;
          if ((minutes.get(id) ?? 0) >= p.minutes) {
            if (measuring) {
              fromResponse.push(now - p.answered);
              fromRequest.push(now - p.sent);
            }
            expected.set(id, p.minutes);
            pending.delete(id);
          }
        }
      }
      await sleep(pollIntervalMs);
    }
  })();

  const interval = 1000 / options.rate;
  const total = options.warmupSeconds + options.seconds;
  const begin = performance.now();
  let measureStart = begin;
  let slot = 0;
  const writers = portfolio.members.length;
  while (performance.now() - begin < total * 1000) {
    if (!measuring && performance.now() - begin >= options.warmupSeconds * 1000) {
      measuring = true;
      measureStart = performance.now();
    }
    const due = begin + slot * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    slot += 1;
    if (inFlight >= maxInFlight) {
      if (measuring) skipped += 1;
      continue;
    }
    let probe: string | undefined;
    if (slot % 5 === 0) {
      for (let k = 0; k < probeEngagements.length && !probe; k += 1) {
        const candidate = probeEngagements[(probeTurn + k) % probeEngagements.length];
        if (!pending.has(candidate.id)) probe = candidate.id;
      }
      probeTurn += 1;
    }
    if (probe) {
      const engagement = probeEngagements.find((e) => e.id === probe)!;
      pending.set(probe, { minutes: (expected.get(probe) ?? 0) + 1, sent: 0, answered: 0 });
      void send(engagement.projectId, slot % writers, probe);
    } else {
      void send(background[slot % background.length], slot % writers);
    }
  }
  const elapsed = (performance.now() - measureStart) / 1000;
  const sentInTime = mutations;
  const loopEnded = performance.now();
  while (inFlight > 0 && performance.now() - loopEnded < 30_000) await sleep(20);
  // Backlog left in accounting when the load stopped, and how long it took to apply it.
  let applied = (await totalLoggedMinutes(accountingUrl, portfolio)) - baseTotal;
  const lagAtEnd = okTotal - applied;
  while (applied < okTotal && performance.now() - loopEnded < 120_000) {
    await sleep(100);
    applied = (await totalLoggedMinutes(accountingUrl, portfolio)) - baseTotal;
  }
  const drainSeconds = round((performance.now() - loopEnded) / 1000, 1);
  counting = false;
  await counter;
  while (pending.size > 0 && performance.now() - loopEnded < 125_000) await sleep(20);
  polling = false;
  await poller;

  // Steady: accounting kept up (little backlog when the load stopped) and the second half of the
  // probes was not slower than the first.
  const half = Math.floor(fromResponse.length / 2);
  const firstHalfP50 = round(percentile(fromResponse.slice(0, half), 50));
  const secondHalfP50 = round(percentile(fromResponse.slice(half), 50));
  return {
    via,
    targetRate: options.rate,
    firstHalfP50Ms: firstHalfP50,
    secondHalfP50Ms: secondHalfP50,
    lagAtEnd,
    drainSeconds,
    applyGapMaxMs: round(applyGapMaxMs, 0),
    applyBurstMax,
    steady: drainSeconds <= 3 && secondHalfP50 <= Math.max(2 * firstHalfP50, firstHalfP50 + 250),
    achievedRate: round(sentInTime / elapsed),
    seconds: round(elapsed, 1),
    mutations,
    errors,
    pollErrors,
    skipped,
    maxInFlight,
    probes: fromResponse.length,
    fromResponseMs: distribution(fromResponse),
    fromRequestMs: distribution(fromRequest),
    mutationLatencyMs: distribution(mutationLatency),
    pollIntervalMs,
    loadAverage1m: round(loadavg()[0], 2),
  };
}
