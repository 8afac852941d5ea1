import { isUuid } from '@platform/domain-kit';

export const uuidsOf = (keys: readonly string[]): string[] => [...new Set(keys.filter(isUuid))];

/** Runs `fetch` only when some key can match; an empty batch needs no query. */
export async function fetchByUuids<V>(
  keys: readonly string[],
  fetch: (ids: string[]) => Promise<V[]>,
): Promise<V[]> {
  const ids = uuidsOf(keys);
  return ids.length === 0 ? [] : fetch(ids);
}
