/**
 * Federation overhead for the engagement page (50 engagements, FINANCE): the same load against
 * L0 (bare node:http, fixed JSON of the same size), L1 (the engagement subgraph alone answering
 * its part), L2 (our gateway: one process, and one worker per core) and L2' (Hive Gateway, same
 * supergraph and query), plus our gateway with each tuning undone. Every variant gets a warm-up,
 * then the runs go round-robin over the variants (round 1 of each, then round 2, …, each round
 * in a rotated order) so a burst of someone else's work on the machine, or the wake of the run
 * before, does not land on one variant's runs only.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_HEADER, signIdentity, type Identity } from '@platform/graphql-kit';
import {
  ENGAGEMENT_PAGE_QUERY,
  SERVICES,
  TEST_SIGNING_SECRET,
  freePort,
  type Stack,
} from '@platform/testing';
import { httpRequest } from './lib/http';
import {
  measureLoad,
  median,
  warmUp,
  type Accounting,
  type LoadMeasurement,
  type LoadSpec,
} from './lib/load';
import { processTree, serviceProcess } from './lib/procfs';
import { summarizeProfile, type ProfileSummary } from './lib/profile';
import { startServer, type BenchServer } from './lib/servers';

/** The engagement subgraph's part of the page, as the gateway's query plan fetches it. */
export const ENGAGEMENT_PART_QUERY =
  'query EngagementPage__engagement__0($first:Int!){engagements(first:$first){edges{node{__typename id name client{__typename id}contract{__typename id}deliveryOwner{__typename id}}}}}';

export interface LoadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  runs: number;
  pageSize: number;
}

export interface VariantResult {
  key: string;
  level: 'L0' | 'L1' | 'L2' | "L2'";
  label: string;
  processes: number;
  settings: string;
  runs: LoadMeasurement[];
  median: {
    requestsPerSecond: number;
    p50: number;
    p95: number;
    p99: number;
    serverCpuMsPerRequest: number;
    loadAverage1m: number;
    foreignCpuPercent: number;
    machineBusyPercent: number;
  };
  peakRssBytes: number;
  bytesPerResponse: number;
  failures: number;
}

export interface FederationResult {
  settings: LoadSettings;
  variants: VariantResult[];
  /** CPU ms per request by process group in L2's median run (what the machine spent on one page). */
  l2CpuBreakdown: Record<string, number>;
  /** Peak RSS of each subgraph during L2's runs. */
  subgraphPeakRssBytes: Record<string, number>;
  profile: ProfileSummary | null;
  profileError?: string;
}

interface Variant {
  key: string;
  level: VariantResult['level'];
  label: string;
  processes: number;
  settings: string;
  url: string;
  body: string;
  headers: () => Promise<Record<string, string>>;
  pids: () => number[];
  /** Group name of the server under test in the CPU accounting. */
  group: string;
}

export async function federationBenchmark(options: {
  stack: Stack;
  finance: Identity;
  jwtSecret: string;
  settings: LoadSettings;
  workDir: string;
  log: (line: string) => void;
}): Promise<FederationResult> {
  const { stack, finance, settings, log } = options;
  const cores = availableParallelism();
  const financeToken = await stack.token(finance.sub, finance.roles, finance.name);
  const pageBody = JSON.stringify({
    query: ENGAGEMENT_PAGE_QUERY,
    variables: { first: settings.pageSize },
    operationName: 'EngagementPage',
  });
  const partBody = JSON.stringify({
    query: ENGAGEMENT_PART_QUERY,
    variables: { first: settings.pageSize },
    operationName: 'EngagementPage__engagement__0',
  });
  const bearer = async () => ({ authorization: `Bearer ${financeToken}` });

  const servicePids = Object.fromEntries(
    stack.processes
      .filter((p) => p.name !== 'gateway')
      .map((p) => [p.name, () => processTree(p.child.pid ?? -1)]),
  ) as Record<string, () => number[]>;
  const subgraphEnv = Object.fromEntries(SERVICES.map((s) => [s.urlVariable, stack.serviceUrls[s.name]]));
  const gatewayEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // Several gateways run side by side: each takes a free metrics port.
    METRICS_PORT: '0',
    AUTH_JWT_SECRET: options.jwtSecret,
    GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    ...subgraphEnv,
  };

  const servers: BenchServer[] = [];
  const start = async (
    name: string,
    entry: string,
    env: Record<string, string>,
    readyPath: string,
    nodeArgs: string[] = [],
  ) => {
    const server = await startServer({ name, entry, port: await freePort(), env, readyPath, nodeArgs });
    servers.push(server);
    return server;
  };

  try {
    // The fixed JSON for L0 is the page's real response, so every level moves the same bytes.
    const reference = await start('gateway', 'apps/gateway/src/main.ts', gatewayEnv, '/health');
    const page = await httpRequest(reference.url, { body: pageBody, headers: await bearer() });
    checkPage(page.text, settings.pageSize, 'gateway');
    mkdirSync(options.workDir, { recursive: true });
    const bodyFile = join(options.workDir, 'page-response.json');
    writeFileSync(bodyFile, page.text);

    const l0 = await start('fixed-json', 'tools/bench/servers/fixed-json.ts', { BODY_FILE: bodyFile }, '/');
    const workers = await start(
      'gateway-workers',
      'apps/gateway/src/main.ts',
      { ...gatewayEnv, GATEWAY_WORKERS: 'auto' },
      '/health',
    );
    const hive = await start('hive', 'tools/bench/servers/hive-gateway.ts', gatewayEnv, '/healthcheck');
    const hiveWorkers = await start(
      'hive-workers',
      'tools/bench/servers/hive-gateway.ts',
      { ...gatewayEnv, HIVE_WORKERS: String(cores) },
      '/healthcheck',
    );
    const viaFetch = await start(
      'gateway-fetch',
      'apps/gateway/src/main.ts',
      { ...gatewayEnv, SUBGRAPH_HTTP_CLIENT: 'fetch' },
      '/health',
    );
    const noKeepAlive = await start(
      'gateway-no-keepalive',
      'apps/gateway/src/main.ts',
      { ...gatewayEnv, SUBGRAPH_KEEP_ALIVE: 'false' },
      '/health',
    );
    const noPlanCache = await start(
      'gateway-no-plan-cache',
      'apps/gateway/src/main.ts',
      { ...gatewayEnv, QUERY_PLAN_CACHE_MIB: '0' },
      '/health',
    );
    const noTokenCache = await start(
      'gateway-no-token-cache',
      'apps/gateway/src/main.ts',
      { ...gatewayEnv, AUTH_TOKEN_CACHE_SIZE: '0' },
      '/health',
    );
    const engagementUrl = stack.serviceUrls.engagement;

    const ours = (
      key: string,
      label: string,
      settingsText: string,
      server: BenchServer,
      processes = 1,
    ): Variant => ({
      key,
      level: 'L2',
      label,
      processes,
      settings: settingsText,
      url: server.url,
      body: pageBody,
      headers: bearer,
      pids: server.pids,
      group: 'gateway',
    });
    const variants: Variant[] = [
      {
        key: 'L0',
        level: 'L0',
        label: 'L0 bare node:http, fixed JSON of the same size',
        processes: 1,
        settings: `${Buffer.byteLength(page.text)} bytes`,
        url: l0.url,
        body: pageBody,
        headers: async () => ({}),
        pids: l0.pids,
        group: 'L0 server',
      },
      {
        key: 'L1',
        level: 'L1',
        label: 'L1 engagement subgraph alone (its part of the page)',
        processes: 1,
        settings: 'signed identity header, direct',
        url: engagementUrl,
        body: partBody,
        // The signature is valid for a minute: sign afresh for every run.
        headers: async () => ({ [IDENTITY_HEADER]: signIdentity(finance, TEST_SIGNING_SECRET) }),
        pids: servicePids.engagement,
        group: 'engagement',
      },
      ours(
        'L2',
        'L2 our gateway, 1 process',
        'tuned: keep-alive agent, plan cache, verified-token cache, no tracing',
        reference,
      ),
      ours(
        'L2-workers',
        `L2 our gateway, ${cores} workers`,
        'tuned, GATEWAY_WORKERS=auto (node:cluster)',
        workers,
        cores,
      ),
      {
        key: "L2'",
        level: "L2'",
        label: "L2' Hive Gateway, 1 process",
        processes: 1,
        settings: `@graphql-hive/gateway runtime over node:http, defaults`,
        url: hive.url,
        body: pageBody,
        headers: bearer,
        pids: hive.pids,
        group: 'gateway',
      },
      {
        key: "L2'-workers",
        level: "L2'",
        label: `L2' Hive Gateway, ${cores} workers`,
        processes: cores,
        settings: 'node:cluster, one runtime per worker',
        url: hiveWorkers.url,
        body: pageBody,
        headers: bearer,
        pids: hiveWorkers.pids,
        group: 'gateway',
      },
      ours(
        'T-fetch',
        'our gateway, subgraph calls with Node fetch',
        'SUBGRAPH_HTTP_CLIENT=fetch (as before tuning)',
        viaFetch,
      ),
      ours(
        'T-no-keepalive',
        'our gateway, no keep-alive to subgraphs',
        'SUBGRAPH_KEEP_ALIVE=false',
        noKeepAlive,
      ),
      ours('T-no-plan-cache', 'our gateway, no query-plan cache', 'QUERY_PLAN_CACHE_MIB=0', noPlanCache),
      ours('T-no-token-cache', 'our gateway, every JWT verified', 'AUTH_TOKEN_CACHE_SIZE=0', noTokenCache),
    ];
    const keep = (process.env.BENCH_VARIANTS ?? '').split(',').filter(Boolean);
    const active = keep.length ? variants.filter((v) => keep.includes(v.key)) : variants;

    const expected = new Map<string, string>();
    for (const v of active) {
      const answer = await httpRequest(v.url, { body: v.body, headers: await v.headers() });
      checkPage(answer.text, settings.pageSize, v.key);
      expected.set(v.key, answer.text);
    }
    log(`federation: ${active.length} variants up; page response ${Buffer.byteLength(page.text)} bytes`);

    const spec = async (v: Variant, seconds: number): Promise<LoadSpec> => ({
      url: v.url,
      headers: { 'content-type': 'application/json', ...(await v.headers()) },
      body: v.body,
      connections: settings.connections,
      seconds,
      expectBody: expected.get(v.key),
    });
    const accountingFor = (v: Variant): Accounting => ({
      databasePrefix: stack.topicPrefix.replace(/\.$/, '_'),
      pids: () => {
        const map = new Map<number, string>();
        for (const s of servers) for (const pid of s.pids()) map.set(pid, 'idle benchmark servers');
        for (const [name, pids] of Object.entries(servicePids)) for (const pid of pids()) map.set(pid, name);
        for (const pid of v.pids()) map.set(pid, v.group);
        return map;
      },
    });

    for (const v of active) await warmUp(await spec(v, settings.warmupSeconds));
    const runs = new Map<string, LoadMeasurement[]>(active.map((v) => [v.key, []]));
    const subgraphPeaks: Record<string, number> = {};
    const subgraphRss = Object.fromEntries(
      Object.entries(servicePids).map(([name, pids]) => [name, () => [serviceProcess(pids()[0] ?? -1)]]),
    );
    for (let round = 1; round <= settings.runs; round += 1) {
      // Each round starts further down the list, so no variant always follows the same one
      // (a run right after L1 meets the engagement subgraph still collecting garbage).
      const shift = ((round - 1) * Math.ceil(active.length / settings.runs)) % active.length;
      for (const v of [...active.slice(shift), ...active.slice(0, shift)]) {
        const m = await measureLoad(
          await spec(v, settings.seconds),
          v.pids,
          accountingFor(v),
          v.key === 'L2' ? subgraphRss : {},
        );
        runs.get(v.key)!.push(m);
        if (v.key === 'L2') {
          for (const name of Object.keys(subgraphRss)) {
            subgraphPeaks[name] = Math.max(subgraphPeaks[name] ?? 0, m.peakRssBytes[name] ?? 0);
          }
        }
        log(
          `  round ${round} ${v.key.padEnd(16)} ${m.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${m.latencyMs.p50} ms  ` +
            `p99 ${m.latencyMs.p99} ms  server ${m.serverCpuMsPerRequest} CPU-ms/req  foreign ${m.foreignCpuPercent} %  load ${m.loadAverage1m}`,
        );
      }
    }

    const results: VariantResult[] = active.map((v) => summarize(v, runs.get(v.key)!));
    const l2Runs = runs.get('L2') ?? [];
    const l2Median = [...l2Runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
      Math.floor(l2Runs.length / 2)
    ];

    // A profile of the tuned gateway under the same load: the evidence for what limits it.
    let profile: ProfileSummary | null = null;
    let profileError: string | undefined;
    if (active.some((v) => v.key === 'L2')) {
      try {
        profile = await profileGateway(
          options,
          gatewayEnv,
          await spec(variants[2], settings.seconds),
          settings,
        );
      } catch (error) {
        profileError = (error as Error).message;
      }
    }
    return {
      settings,
      variants: results,
      l2CpuBreakdown: l2Median?.cpuMsPerRequest ?? {},
      subgraphPeakRssBytes: subgraphPeaks,
      profile,
      profileError,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

function checkPage(text: string, size: number, who: string): void {
  const body = JSON.parse(text) as {
    data?: { engagements?: { edges?: unknown[] } };
    errors?: unknown[];
  };
  const edges = body.data?.engagements?.edges?.length ?? 0;
  if (body.errors?.length || edges !== size) {
    throw new Error(`${who} did not answer the page with ${size} engagements: ${text.slice(0, 400)}`);
  }
}

function summarize(v: Variant, runs: LoadMeasurement[]): VariantResult {
  const med = (pick: (m: LoadMeasurement) => number) => Math.round(median(runs.map(pick)) * 100) / 100;
  return {
    key: v.key,
    level: v.level,
    label: v.label,
    processes: v.processes,
    settings: v.settings,
    runs,
    median: {
      requestsPerSecond: med((m) => m.requestsPerSecond),
      p50: med((m) => m.latencyMs.p50),
      p95: med((m) => m.latencyMs.p95),
      p99: med((m) => m.latencyMs.p99),
      serverCpuMsPerRequest: med((m) => m.serverCpuMsPerRequest),
      loadAverage1m: med((m) => m.loadAverage1m),
      foreignCpuPercent: med((m) => m.foreignCpuPercent),
      machineBusyPercent: med((m) => m.machineBusyPercent),
    },
    peakRssBytes: Math.max(...runs.map((m) => m.serverPeakRssBytes)),
    bytesPerResponse: med((m) => m.bytesPerResponse),
    failures: runs.reduce((n, m) => n + m.non2xx + m.errors + m.timeouts + m.mismatches, 0),
  };
}

/** Runs the tuned gateway under `node --cpu-prof` for one load run and summarises that window. */
async function profileGateway(
  options: { workDir: string; log: (line: string) => void },
  env: Record<string, string>,
  spec: LoadSpec,
  settings: LoadSettings,
): Promise<ProfileSummary> {
  const dir = join(options.workDir, 'cpu-profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startServer({
    name: 'gateway-profiled',
    entry: 'apps/gateway/src/main.ts',
    port: await freePort(),
    env,
    readyPath: '/health',
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  const target = { ...spec, url: server.url };
  try {
    await warmUp({ ...target, seconds: settings.warmupSeconds });
    // V8's profile clock and process.hrtime are the same monotonic clock.
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    await warmUp(target);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    await server.stop();
    // The main thread's profile; tsx's loader thread writes a small one of its own.
    const file = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (!file) throw new Error('the profiled gateway wrote no .cpuprofile');
    const summary = summarizeProfile(file, { fromUs, toUs });
    options.log(`  profile: ${summary.busyMs} ms busy in the load window (${file})`);
    return summary.samples > 0 ? summary : summarizeProfile(file);
  } finally {
    await server.stop();
  }
}
