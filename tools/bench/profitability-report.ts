/**
 * Benchmark of the CLIENT-grouped profitability report for one quarter over 10,000 engagements,
 * with time rollups equivalent to 500,000 and then 5,000,000 time entries.
 *
 *   npx tsx tools/bench/profitability-report.ts
 *
 * Data goes straight into accounting's own tables (the ones its consumers maintain) with
 * generate_series, in a dedicated database that is dropped at the end. Each generated daily
 * rollup row stands for one time entry (one member, one engagement, one day); the monthly
 * and yearly rollups are then aggregated from the daily one exactly as the consumers keep them. Raw
 * costed_time_entries rows are not generated: the report never reads them.
 *
 * Timings: the domain function (`profitabilityReport`) and the GraphQL query over HTTP on a
 * running accounting service, p50/p95 over RUNS runs each after warm-up. Results are printed
 * and written to .cache/bench/profitability-report.json.
 */
import { cpus, loadavg } from 'node:os';
import { createDataSource, dropDatabaseIfExists, ensureDatabaseExists } from '@platform/db';
import { IDENTITY_HEADER, signIdentity } from '@platform/graphql-kit';
import { allMigrations, loadServiceConfig, startService } from '@platform/service-kit';
import type { DataSource } from 'typeorm';
// Apps have no package alias; a benchmark tool drives the accounting app's own domain function.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { profitabilityReport } from '../../apps/accounting/src/application/financials.queries';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { accountingService } from '../../apps/accounting/src/service';
import { runBenchScript, writeBenchResult } from './lib/script';

const ENGAGEMENTS = 10_000;
const SIZES = (process.env.BENCH_SIZES ?? '500000,5000000').split(',').map(Number);
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const QUARTER = { from: '2025-04-01', to: '2025-06-30', groupBy: 'CLIENT' as const };
const SIGNING_SECRET = 'bench-gateway-signing-secret-0123456789';

const host = process.env.PGHOST ?? '127.0.0.1';
const port = process.env.PGPORT ?? '5432';
const user = process.env.PGUSER ?? 'postgres';
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? `postgres://${user}@${host}:${port}/bench_accounting_profitability`;

const log = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] * 10) / 10;
}

async function time(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; min: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    min: Math.round(samples[0] * 10) / 10,
    max: Math.round(samples[samples.length - 1] * 10) / 10,
  };
}

/** Ledgers, labels and change orders: 10,000 engagements over 3 currencies, 200 clients, 100 owners, 50 managers. */
async function seedLedgers(ds: DataSource): Promise<void> {
  await ds.query(`
    INSERT INTO engagement_ledgers (engagement_id, contract_id, name, client_id, client_name, pricing_model, currency,
      contract_value_minor, budget_minutes, estimated_minutes, start_date, end_date, account_manager_id,
      delivery_owner_id, opened_at, updated_at)
    SELECT md5('engagement' || g)::uuid, md5('contract' || g)::uuid, 'Engagement ' || g,
           md5('client' || (g % 200))::uuid, 'Client ' || (g % 200),
           (ARRAY['TIME_AND_MATERIALS', 'FIXED_FEE', 'RETAINER'])[g % 3 + 1],
           (ARRAY['USD', 'EUR', 'GBP'])[(g / 3) % 3 + 1],
           5000000 + (g % 97) * 100000, 30000 + (g % 50) * 1200, 28000 + (g % 50) * 1100,
           date '2024-01-01' + (g % 365), date '2024-01-01' + (g % 365) + 540,
           md5('manager' || (g % 50))::uuid, md5('owner' || (g % 100))::uuid, now(), now()
    FROM generate_series(1, ${ENGAGEMENTS}) g`);
  await ds.query(`
    INSERT INTO client_labels (client_id, name, updated_at)
    SELECT md5('client' || c)::uuid, 'Client ' || c || ', Ltd.', now() FROM generate_series(0, 199) c`);
  await ds.query(`
    INSERT INTO member_labels (member_id, name, updated_at)
    SELECT md5('owner' || m)::uuid, 'Owner ' || m, now() FROM generate_series(0, 99) m
    UNION ALL
    SELECT md5('manager' || m)::uuid, 'Manager ' || m, now() FROM generate_series(0, 49) m`);
  await ds.query(`
    INSERT INTO ledger_change_orders (change_order_id, engagement_id, currency, amount_minor, minutes, approved_at, approved_on)
    SELECT md5('co' || g)::uuid, l.engagement_id, l.currency, 250000, 600,
           (l.start_date + 120)::timestamptz, l.start_date + 120
    FROM generate_series(2, ${ENGAGEMENTS}, 6) g
    JOIN engagement_ledgers l ON l.engagement_id = md5('engagement' || g)::uuid`);
}

/**
 * Daily rollup rows for entries [fromEntry, toEntry) of every engagement: entry k of engagement g
 * is dated start + (37 k mod 540), so entries are spread over the whole 540-day contract at
 * either size and never share an engagement-day; one of 8 members, 60–480 minutes, 3 in 4 billable.
 */
async function seedEntries(ds: DataSource, fromEntry: number, toEntry: number): Promise<void> {
  const chunk = 25;
  for (let start = fromEntry; start < toEntry; start += chunk) {
    const end = Math.min(toEntry, start + chunk);
    await ds.query(`
      INSERT INTO time_rollup_daily (engagement_id, day, member_id, minutes, billable_minutes, cost_minor, bill_minor)
      SELECT l.engagement_id, l.start_date + (k * 37) % 540, md5('member' || (k % 8) || '-' || (g % 400))::uuid,
             m.minutes, CASE WHEN k % 4 = 0 THEN 0 ELSE m.minutes END,
             m.minutes * 6000 / 60, CASE WHEN k % 4 = 0 THEN 0 ELSE m.minutes * 15000 / 60 END
      FROM generate_series(1, ${ENGAGEMENTS}) g
      JOIN engagement_ledgers l ON l.engagement_id = md5('engagement' || g)::uuid
      CROSS JOIN generate_series(${start}, ${end - 1}) k
      CROSS JOIN LATERAL (SELECT 60 + ((g * 7 + k * 13) % 8) * 60 AS minutes) m`);
  }
  await ds.query(`TRUNCATE time_rollup_monthly`);
  await ds.query(`
    INSERT INTO time_rollup_monthly (engagement_id, month, minutes, billable_minutes, cost_minor, bill_minor)
    SELECT engagement_id, date_trunc('month', day)::date, sum(minutes), sum(billable_minutes), sum(cost_minor), sum(bill_minor)
    FROM time_rollup_daily GROUP BY 1, 2`);
  await ds.query(`TRUNCATE time_rollup_yearly`);
  await ds.query(`
    INSERT INTO time_rollup_yearly (engagement_id, year, minutes, billable_minutes, cost_minor, bill_minor)
    SELECT engagement_id, date_trunc('year', month)::date, sum(minutes), sum(billable_minutes), sum(cost_minor), sum(bill_minor)
    FROM time_rollup_monthly GROUP BY 1, 2`);
  // What autovacuum does after a bulk load: statistics and visibility maps for every table.
  await ds.query(`VACUUM ANALYZE`);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  await dropDatabaseIfExists(databaseUrl).catch(() => undefined);
  await ensureDatabaseExists(databaseUrl);
  const { dataSource } = createDataSource({
    url: databaseUrl,
    entities: accountingService.entities,
    migrations: allMigrations(accountingService),
    poolSize: 4,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.query(`SET synchronous_commit = off`);
  await seedLedgers(dataSource);

  const config = loadServiceConfig(accountingService, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: '0',
    METRICS_PORT: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    EVENTS_ENABLED: 'false',
    KAFKA_TOPIC_PREFIX: 'bench.',
    GATEWAY_SIGNING_SECRET: SIGNING_SECRET,
  });
  const service = await startService(accountingService, config);
  const graphql = JSON.stringify({
    query: `query ($input: ProfitabilityReportInput!) {
      profitabilityReport(input: $input) {
        rows { key label currency revenue { amount } cost { amount } margin { amount } marginPercent hours billableHours }
        totals { key currency revenue { amount } cost { amount } margin { amount } }
      }
    }`,
    variables: { input: QUARTER },
  });
  const overHttp = async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: signIdentity({ sub: 'bench', roles: ['FINANCE'], name: 'Bench' }, SIGNING_SECRET),
      },
      body: graphql,
    });
    const body = (await response.json()) as {
      errors?: unknown;
      data?: { profitabilityReport: { rows: unknown[] } };
    };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data?.profitabilityReport.rows.length;
  };

  const results: Array<Record<string, unknown>> = [];
  let seeded = 0;
  try {
    for (const entries of SIZES) {
      const perEngagement = entries / ENGAGEMENTS;
      const loadStarted = Date.now();
      await seedEntries(dataSource, seeded, perEngagement);
      seeded = perEngagement;
      const [counts] = (await dataSource.query(
        `SELECT (SELECT count(*) FROM time_rollup_daily)::int AS daily, (SELECT count(*) FROM time_rollup_monthly)::int AS monthly`,
      )) as Array<{ daily: number; monthly: number }>;
      const loadSeconds = Math.round((Date.now() - loadStarted) / 100) / 10;
      const sample = await profitabilityReport(dataSource.manager, QUARTER);
      const domain = await time(RUNS, () => profitabilityReport(dataSource.manager, QUARTER));
      const http = await time(RUNS, overHttp);
      const result = {
        timeEntries: entries,
        engagements: ENGAGEMENTS,
        dailyRollupRows: counts.daily,
        monthlyRollupRows: counts.monthly,
        reportRows: sample.rows.length,
        currencies: sample.totals.length,
        loadSeconds,
        domainMs: domain,
        httpMs: http,
        // Other processes share the 2 cores; a high load average inflates every figure.
        loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
      };
      results.push(result);
      log(
        `${entries.toLocaleString('en')} entries (${counts.daily.toLocaleString('en')} daily / ${counts.monthly.toLocaleString('en')} monthly rollup rows, loaded in ${loadSeconds} s): ` +
          `domain p50 ${domain.p50} ms p95 ${domain.p95} ms; HTTP p50 ${http.p50} ms p95 ${http.p95} ms; ${sample.rows.length} rows`,
      );
    }
  } finally {
    await service.stop();
    await dataSource.destroy();
    if (!KEEP_DATABASE) await dropDatabaseIfExists(databaseUrl).catch(() => undefined);
  }

  const output = {
    benchmark: 'profitability-report',
    report: QUARTER,
    runs: RUNS,
    warmup: WARMUP,
    machine: { cpus: cpus().length, node: process.version },
    results,
    totalSeconds: Math.round((Date.now() - startedAt) / 1000),
    measuredAt: new Date().toISOString(),
  };
  log(`written to ${writeBenchResult('profitability-report', output)} (${output.totalSeconds} s in all)`);
}

runBenchScript(main);
