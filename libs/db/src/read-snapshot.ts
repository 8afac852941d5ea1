import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** What a snapshot needs to know about the request it serves (RequestScope in graphql-kit). */
export interface SnapshotScope {
  /** The GraphQL operation's type, once resolved; reads take a snapshot only in a query. */
  readonly operation?: string;
  /** Runs once the response is sent or failed. */
  onFinish(task: () => Promise<void>): void;
}

/** The raw pg client of a query runner: BEGIN and ROLLBACK go to it, outside the statement count. */
interface PgClient {
  query(...args: unknown[]): Promise<unknown>;
}

/**
 * Makes the client run one statement at a time on its own: the loaders of one request read the
 * snapshot concurrently, and pg queues what is sent while a statement runs — deprecated, and gone
 * in pg 9 ("Calling client.query() when the client is already executing a query"). Statements
 * wait here instead, in the order they were issued. Returns the undo, run before the client goes
 * back to the pool. Streams and callbacks (not used by reads) go straight through.
 */
function oneAtATime(client: PgClient): () => void {
  const own = Object.prototype.hasOwnProperty.call(client, 'query');
  const original = client.query;
  let tail: Promise<unknown> = Promise.resolve();
  client.query = (...args: unknown[]) => {
    const passThrough =
      args.some((a) => typeof a === 'function') ||
      (typeof args[0] === 'object' && args[0] !== null && 'submit' in args[0]);
    if (passThrough) return original.apply(client, args);
    const run = tail.then(() => original.apply(client, args));
    tail = run.catch(() => undefined);
    return run;
  };
  return () => {
    if (own) client.query = original;
    else delete (client as Partial<PgClient>).query;
  };
}

/**
 * Issue 17, torn reads: one response showed an engagement in HANDOFF with a completed handoff
 * checklist, because status and checklist were read by two statements and a consumer committed
 * between them. Every read of a GraphQL *query* therefore goes through one read-only REPEATABLE
 * READ transaction, opened on the request's first statement and rolled back when the response
 * is sent: whatever the loaders fetch, they see one snapshot of the database.
 *
 * Mutations read live (their command commits before the fields of the result are read; a
 * snapshot taken earlier would hide the write). The returned manager picks its target at each
 * use, so loaders built with it work in both.
 */
export function requestSnapshot(dataSource: DataSource, scope: SnapshotScope): EntityManager {
  let runner: QueryRunner | undefined;
  const snapshot = (): EntityManager => {
    if (runner) return runner.manager;
    const opened = dataSource.createQueryRunner();
    const connect = opened.connect.bind(opened) as () => Promise<PgClient>;
    let begun: Promise<PgClient> | undefined;
    let restore: (() => void) | undefined;
    // Every statement of a query runner awaits connect() first: the transaction starts before
    // the first read, whichever loader issues it, and concurrent loaders share it.
    opened.connect = () =>
      (begun ??= connect().then(async (client) => {
        restore = oneAtATime(client);
        await client.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return client;
      }));
    scope.onFinish(async () => {
      try {
        if (begun) await (await begun).query('ROLLBACK');
      } finally {
        restore?.();
        await opened.release();
      }
    });
    runner = opened;
    return opened.manager;
  };
  return new Proxy(dataSource.manager, {
    get(live, property) {
      const target = scope.operation === 'query' ? snapshot() : live;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
