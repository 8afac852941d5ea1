/* eslint-disable no-control-regex -- these tests are about control characters */
import fc from 'fast-check';
import { DomainError } from '@platform/errors';
import {
  LONG_TEXT_MAX,
  SHORT_TEXT_MAX,
  checkText,
  optionalText,
  requiredText,
  textKindOf,
} from './text-policy';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.code} ${error.field}`;
    throw error;
  }
  return undefined;
};

describe('the text policy', () => {
  it('tells long text from short text by the field name', () => {
    for (const long of [
      'input.scope',
      'input.comment',
      'note',
      'reason',
      'input.lostReason',
      'input.description',
      'input.summary',
      'input.lessonsLearned',
    ]) {
      expect(textKindOf(long)).toBe('long');
    }
    for (const short of [
      'input.name',
      'input.title',
      'input.lines.0.role',
      'input.lines[1].role',
      'input.email',
      'after',
    ]) {
      expect(textKindOf(short)).toBe('short');
    }
  });

  it('normalises to NFC and trims', () => {
    // "e" + U+0301 (combining acute) is one character in NFC: "é" (U+00E9).
    expect(requiredText('  Cafe\u0301 Ltd \n', 'input.name')).toBe('Caf\u00e9 Ltd');
    expect(requiredText('line one\r\nline two\rthree', 'input.scope')).toBe('line one\nline two\nthree');
  });

  it('refuses NUL and other control characters, naming the field', () => {
    expect(fieldOf(() => requiredText('Acme\u0000', 'input.name'))).toBe('BAD_USER_INPUT input.name');
    expect(fieldOf(() => requiredText('bell\u0007', 'input.scope'))).toBe('BAD_USER_INPUT input.scope');
    expect(fieldOf(() => requiredText('\u001b[31mred', 'input.title'))).toBe('BAD_USER_INPUT input.title');
    expect(fieldOf(() => requiredText('back\u0008space', 'input.comment'))).toBe(
      'BAD_USER_INPUT input.comment',
    );
    expect(fieldOf(() => requiredText('c1\u0085', 'input.name'))).toBe('BAD_USER_INPUT input.name');
    expect(fieldOf(() => requiredText('del\u007f', 'input.name'))).toBe('BAD_USER_INPUT input.name');
  });

  it('allows newline and tab in long text only', () => {
    expect(requiredText('a\n\tb', 'input.description')).toBe('a\n\tb');
    expect(fieldOf(() => requiredText('a\nb', 'input.name'))).toBe('BAD_USER_INPUT input.name');
    expect(fieldOf(() => requiredText('a\tb', 'input.title'))).toBe('BAD_USER_INPUT input.title');
  });

  it('refuses bidirectional overrides and unpaired surrogates', () => {
    expect(checkText('invoice\u202Efdp.exe', 'short').problem).toBe('BIDI');
    expect(checkText('half \ud83d of an emoji', 'long').problem).toBe('SURROGATE');
    expect(checkText('a whole \ud83d\ude00', 'short')).toEqual({ ok: true, value: 'a whole \ud83d\ude00' });
  });

  it('bounds names to 200 and long text to 10,000 characters, counted in code points', () => {
    expect(requiredText('x'.repeat(SHORT_TEXT_MAX), 'input.name')).toHaveLength(200);
    expect(fieldOf(() => requiredText('x'.repeat(SHORT_TEXT_MAX + 1), 'input.name'))).toBe(
      'BAD_USER_INPUT input.name',
    );
    // 200 emoji are 400 UTF-16 units but 200 characters.
    expect(() => requiredText('\ud83d\ude00'.repeat(200), 'input.title')).not.toThrow();
    expect(requiredText('y'.repeat(LONG_TEXT_MAX), 'input.scope')).toHaveLength(10_000);
    expect(fieldOf(() => requiredText('y'.repeat(LONG_TEXT_MAX + 1), 'input.scope'))).toBe(
      'BAD_USER_INPUT input.scope',
    );
    // Trimmed before counting: 200 characters between spaces fit.
    expect(requiredText(` ${'z'.repeat(200)} `, 'input.name')).toHaveLength(200);
  });

  it('refuses empty required text and reads blank optional text as absent', () => {
    expect(fieldOf(() => requiredText(' \t ', 'input.name'))).toBe('BAD_USER_INPUT input.name');
    expect(optionalText('   ', 'input.comment')).toBeNull();
    expect(optionalText(undefined, 'input.comment')).toBeNull();
    expect(fieldOf(() => optionalText('\u0000', 'input.comment'))).toBe('BAD_USER_INPUT input.comment');
  });

  describe('fuzz (fast-check)', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 300 });

    it('never throws anything but BAD_USER_INPUT naming the field, for any string', () => {
      fc.assert(
        fc.property(anyText, fc.constantFrom('input.name', 'input.scope'), (text, field) => {
          try {
            requiredText(text, field);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('accepts only text PostgreSQL stores and a terminal shows as it is: NFC, trimmed, bounded, no controls', () => {
      fc.assert(
        fc.property(anyText, fc.constantFrom('short' as const, 'long' as const), (text, kind) => {
          const verdict = checkText(text, kind);
          if (!verdict.ok) return;
          const value = verdict.value;
          expect(value).toBe(value.normalize('NFC'));
          expect(value).toBe(value.trim());
          expect(value).not.toMatch(/\u0000/);
          expect(value).not.toMatch(
            kind === 'long' ? /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/ : /[\u0000-\u001F\u007F-\u009F]/,
          );
          expect(Buffer.from(value, 'utf8').toString('utf8')).toBe(value);
          expect([...value].length).toBeLessThanOrEqual(kind === 'long' ? LONG_TEXT_MAX : SHORT_TEXT_MAX);
          // Applying the policy again changes nothing.
          expect(checkText(value, kind)).toEqual({ ok: true, value });
        }),
        { numRuns: 1000 },
      );
    });

    it('keeps printable text as it was, apart from normalisation and trimming', () => {
      const printable = fc.string({ unit: 'grapheme', maxLength: 150 });
      fc.assert(
        fc.property(printable, (text) => {
          fc.pre(!/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(text));
          expect(checkText(text, 'short')).toEqual({ ok: true, value: text.normalize('NFC').trim() });
        }),
        { numRuns: 2000 },
      );
    });
  });
});
