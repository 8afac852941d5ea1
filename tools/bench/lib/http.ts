/** A small keep-alive JSON client for the benchmark's own requests (mutations, probes, metrics). */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpResult {
  status: number;
  text: string;
}

export function httpRequest(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = request(
      url,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        agent,
        headers: {
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.byteLength) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url} within 60 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  headers: Record<string, string>,
): Promise<GraphQLResult<T>> {
  const { status, text } = await httpRequest(url, { body: JSON.stringify({ query, variables }), headers });
  try {
    return JSON.parse(text) as GraphQLResult<T>;
  } catch {
    throw new Error(`HTTP ${status} from ${url}: ${text.slice(0, 300)}`);
  }
}

/** `db_queries_total` (SQL statements) from a service's Prometheus /metrics. */
export async function statementCount(metricsUrl: string): Promise<number> {
  const { text } = await httpRequest(metricsUrl);
  const line = text.split('\n').find((l) => l.startsWith('db_queries_total'));
  if (!line) throw new Error(`${metricsUrl} has no db_queries_total`);
  return Number(line.trim().split(/\s+/).pop());
}
