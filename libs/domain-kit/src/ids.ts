import { badInput } from '@platform/errors';

/** The one UUID rule: 8-4-4-4-12 hexadecimal digits, either case on input. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row and must never reach a uuid column. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * Checks an id at the edge and returns its canonical lower-case form, so every later
 * comparison (owner checks, map keys, event keys) sees one spelling.
 */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw badInput(field, `${JSON.stringify(value)} is not a valid id`);
  return value.toLowerCase();
}
