import { eventually } from '@platform/infra';
import { DEV_JWT_SECRET, devToken } from './tokens';

/**
 * The tiny GraphQL client seeding uses: one POST per call to the gateway with a bearer token,
 * errors turned into exceptions carrying their codes (so retry rules can match them).
 */

export type Vars = Record<string, unknown>;

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  headers: Record<string, string>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`HTTP ${response.status} from ${url}: ${text.slice(0, 500)}`);
  }
}

/** What seeding needs from a running platform (`startStack()` is one; `gatewayTarget` another). */
export interface SeedTarget {
  query<T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Vars,
  ): Promise<GraphQLResponse<T>>;
  token(sub: string, roles: string[], name?: string): Promise<string>;
}

/** A gateway at `url` whose JWTs are signed with `secret` (default: AUTH_JWT_SECRET or the development secret). */
export function gatewayTarget(url: string, secret?: string): SeedTarget {
  return {
    query: (token, query, variables) =>
      postGraphQL(url, query, variables, { authorization: `Bearer ${token}` }),
    token: (sub, roles, name) =>
      devToken({ sub, roles, name, secret: secret ?? process.env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET }),
  };
}

/** A GraphQL call that throws on errors, with their codes in the message (for retry rules). */
export function caller(target: SeedTarget) {
  return async <T>(token: string, query: string, variables?: Vars): Promise<T> => {
    const body = await target.query<T>(token, query, variables);
    if (body.errors?.length) {
      throw new Error(body.errors.map((e) => `${e.message} [${String(e.extensions?.code)}]`).join('; '));
    }
    return body.data as T;
  };
}

/** Retries while another service has not yet learned a fact from its events. */
export async function whenKnown<T>(
  fn: () => Promise<T>,
  retryOn: RegExp = /NOT_FOUND|BAD_USER_INPUT|PRECONDITION_FAILED/,
  timeoutMs = 60_000,
): Promise<T> {
  const found = await eventually(
    async () => {
      try {
        return { value: await fn() };
      } catch (error) {
        if (retryOn.test((error as Error).message)) return undefined;
        throw error;
      }
    },
    timeoutMs,
    100,
  );
  return found.value;
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results keep their order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/** Today plus `offsetDays` as "YYYY-MM-DD" (UTC), so seeded data stays relative to the day it is loaded. */
export const isoDay = (offsetDays: number, now = Date.now()): string =>
  new Date(now + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The weekdays (Monday to Friday) among the `days` days before today, oldest first. */
export function pastWeekdays(days: number, now = Date.now()): string[] {
  const out: string[] = [];
  for (let back = days; back >= 1; back -= 1) {
    const day = new Date(now - back * 86_400_000).getUTCDay();
    if (day !== 0 && day !== 6) out.push(isoDay(-back, now));
  }
  return out;
}
