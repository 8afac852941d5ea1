import { isUuid } from '@platform/domain-kit';
import { badInput } from '@platform/errors';

export interface PageCursor {
  openedAt: Date;
  id: string;
}

/** Opaque to clients: the (openedAt, id) of the last row seen, in the newest-first order. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.openedAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string, field = 'after'): PageCursor {
  const [at, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const openedAt = new Date(at ?? '');
  if (rest.length > 0 || !id || !isUuid(id) || Number.isNaN(openedAt.getTime())) {
    throw badInput(field, 'Not a cursor returned by this API');
  }
  return { openedAt, id };
}

export const MAX_PAGE_SIZE = 200;

export function validatePageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}
