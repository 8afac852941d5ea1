import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';

/**
 * A per-request DataLoader that fetches many rows by key in one query and hands each caller
 * its own row (or null). Create loaders in the context function, never at module level.
 */
export function keyedLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<readonly V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row] as const));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A per-request DataLoader for one-to-many lists: every key gets its (possibly empty) list. */
export function groupedLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<readonly V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/**
 * For a non-null field loaded through a foreign key (a contract's client, a time entry's
 * project): the constraint guarantees the row, but a loader answers `T | null`. Should the row be
 * missing after all, this fails exactly as graphql-js fails a null returned for a non-null
 * field, so giving the resolver its schema type changes nothing on the wire.
 */
export async function loadedNonNull<T>(row: Promise<T | null>, info: GraphQLResolveInfo): Promise<T> {
  const value = await row;
  if (value === null) {
    throw new Error(`Cannot return null for non-nullable field ${info.parentType.name}.${info.fieldName}.`);
  }
  return value;
}
