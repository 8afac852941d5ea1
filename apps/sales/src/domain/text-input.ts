import { badInput } from '@platform/errors';

/** Trimmed, non-empty text of bounded length, or BAD_USER_INPUT naming the field. */
export function requiredText(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (text.length === 0) throw badInput(field, 'must not be empty');
  if (text.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters`);
  return text;
}

/** Trimmed text, or null when absent or blank. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  maxLength: number,
): string | null {
  if (value === null || value === undefined || value.trim().length === 0) return null;
  return requiredText(value, field, maxLength);
}
