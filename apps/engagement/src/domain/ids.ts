import { badInput } from '@platform/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** Ids are UUIDs; anything else is bad input, not a database error. Returns the canonical lower-case form. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw badInput(field, `${JSON.stringify(value)} is not a valid id`);
  return value.toLowerCase();
}
