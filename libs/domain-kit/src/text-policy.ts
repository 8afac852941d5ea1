import { badInput } from '@platform/errors';

/**
 * The platform's one text policy, for every String input of every subgraph (issue 17, class 3).
 * The input-policy step of the subgraph server applies it to every argument, so no resolver can
 * forget it; domain code that takes text from elsewhere calls `requiredText`/`optionalText`.
 *
 * - Unicode NFC-normalised, then trimmed; in long text CR LF and CR become LF.
 * - Short text (names, titles, roles, emails, ...): at most 200 characters, one line, no control
 *   characters at all.
 * - Long text (scope, comments, notes, reasons, descriptions, summaries, lessons learned): at most
 *   10,000 characters; newline and tab allowed, no other control characters.
 * - Never: NUL and the other C0/C1 control characters, DEL, bidirectional overrides (they make a
 *   log line or a CSV cell read differently from what it holds), unpaired surrogates (not text).
 * - A required String that is empty after trimming is refused; an optional one is absent (null).
 *
 * Characters are Unicode code points, counted after normalisation.
 */
export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 10_000;

export type TextKind = 'short' | 'long';

// A field whose name ends with one of these words holds long text (e.g. `lostReason`, `note`).
const LONG_TEXT_NAME =
  /(scope|comment|comments|note|notes|reason|description|summary|lessonslearned|details)$/i;

/** Which kind of text a field holds, from its name (the last segment of its path). */
export function textKindOf(field: string): TextKind {
  // Skips list indices: "input.lines.0" and "input.lines[0]" are about `lines`.
  const segments = field.replace(/\[(\d+)\]/g, '.$1').split('.');
  const name = segments.filter((segment) => !/^\d+$/.test(segment)).pop() ?? field;
  return LONG_TEXT_NAME.test(name) ? 'long' : 'short';
}

export type TextProblem = 'CONTROL' | 'BIDI' | 'SURROGATE' | 'TOO_LONG';

// C0 controls except TAB (09) and LF (0A), DEL, C1 controls. CR is normalised away in long text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_LONG = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SHORT = /[\u0000-\u001F\u007F-\u009F]/u;
// Embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;
// Without the u flag a regex sees UTF-16 code units: a high surrogate not followed by a low one,
// or a low one not preceded by a high one, is half a character (PostgreSQL would store U+FFFD).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextVerdict {
  ok: boolean;
  /** The normalised text when ok. */
  value: string;
  problem?: TextProblem;
  message?: string;
}

/** Normalises and checks one text value; pure, never throws. */
export function checkText(raw: string, kind: TextKind): TextVerdict {
  if (LONE_SURROGATE.test(raw)) {
    return { ok: false, value: raw, problem: 'SURROGATE', message: 'is not well-formed Unicode text' };
  }
  let value = raw.normalize('NFC').trim();
  if (kind === 'long') value = value.replace(/\r\n?/g, '\n');
  const control = kind === 'long' ? CONTROL_LONG : CONTROL_SHORT;
  if (control.test(value)) {
    return {
      ok: false,
      value,
      problem: 'CONTROL',
      message:
        kind === 'long'
          ? 'must not contain control characters (newline and tab are allowed)'
          : 'must be one line without control characters',
    };
  }
  if (BIDI.test(value)) {
    return {
      ok: false,
      value,
      problem: 'BIDI',
      message: 'must not contain bidirectional override characters',
    };
  }
  const max = kind === 'long' ? LONG_TEXT_MAX : SHORT_TEXT_MAX;
  let length = 0;
  for (const _ of value) if (++length > max) break;
  if (length > max) {
    return { ok: false, value, problem: 'TOO_LONG', message: `must be at most ${max} characters` };
  }
  return { ok: true, value };
}

/** Policy-conforming, non-empty text, or BAD_USER_INPUT naming the field. */
export function requiredText(value: string, field: string, kind: TextKind = textKindOf(field)): string {
  const verdict = checkText(value, kind);
  if (!verdict.ok) throw badInput(field, verdict.message!);
  if (verdict.value.length === 0) throw badInput(field, 'must not be empty');
  return verdict.value;
}

/** Policy-conforming text, or null when absent or blank. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  kind: TextKind = textKindOf(field),
): string | null {
  if (value === null || value === undefined) return null;
  const verdict = checkText(value, kind);
  if (!verdict.ok) throw badInput(field, verdict.message!);
  return verdict.value.length === 0 ? null : verdict.value;
}
