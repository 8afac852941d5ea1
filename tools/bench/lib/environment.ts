/** What the figures were measured on: machine, versions, and a load reading. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..', '..');

export const PACKAGES = [
  '@apollo/gateway',
  '@apollo/server',
  '@apollo/subgraph',
  '@graphql-hive/gateway',
  '@graphql-hive/gateway-runtime',
  'autocannon',
  'graphql',
  'typeorm',
  'pg',
  'kafkajs',
  'tsx',
] as const;

export interface Environment {
  machine: { cpuModel: string; cores: number; memoryGiB: number; kernel: string };
  versions: { node: string; postgresql: string; kafka: string; packages: Record<string, string> };
  loadAverage: number[];
}

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return 'not installed';
  }
}

/** The broker's version from the jars `npm run infra` fetched, else the pinned one in tools/infra/pom.xml. */
function kafkaVersion(): string {
  const libs = join(ROOT, '.cache', 'kafka', 'libs');
  if (!process.env.KAFKA_EXTERNAL && existsSync(libs)) {
    const jar = readdirSync(libs).find((f) => /^kafka-server-\d/.test(f));
    if (jar) return jar.replace(/^kafka-server-|\.jar$/g, '');
  }
  const pom = readFileSync(join(ROOT, 'tools', 'infra', 'pom.xml'), 'utf8');
  const pinned = /<kafka\.version>([^<]+)</.exec(pom)?.[1];
  return process.env.KAFKA_EXTERNAL
    ? `external broker (${process.env.KAFKA_BROKERS ?? '?'})`
    : (pinned ?? '?');
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}

export async function environment(postgresUrl: string): Promise<Environment> {
  return {
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      kernel: release(),
    },
    versions: {
      node: process.version,
      postgresql: await postgresVersion(postgresUrl),
      kafka: kafkaVersion(),
      packages: Object.fromEntries(PACKAGES.map((p) => [p, packageVersion(p)])),
    },
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
