import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** Longest Decimal input: enough for any amount under MAX_MINOR with any currency's decimals. */
export const MAX_DECIMAL_LENGTH = 40;

/**
 * The date window of every Date and DateTime input (issue 17, class 5): a date outside it is a
 * typing error or an attack, and dates far out break arithmetic later ("Invalid time value").
 * Strings compare in calendar order because the format is fixed.
 */
export const DATE_MIN = '2000-01-01';
export const DATE_MAX = '2100-12-31';
// RFC 3339 / ISO 8601 date-time with an explicit offset or Z.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function invalid(scalar: string, value: unknown, hint: string): GraphQLError {
  // The value is echoed short and escaped: a megabyte or a control character stays out of the message.
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : 'a non-string value';
  return new GraphQLError(`${scalar} cannot represent ${shown}: ${hint}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** A real calendar date "YYYY-MM-DD" within DATE_MIN..DATE_MAX. */
export function isDateInWindow(value: string): boolean {
  return isValidDate(value) && value >= DATE_MIN && value <= DATE_MAX;
}

function checkDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidDate(value)) throw invalid('Date', value, 'expected "YYYY-MM-DD"');
  return value;
}

/** Input: a real date inside the window. */
export function parseDate(value: unknown): string {
  const date = checkDate(value);
  if (date < DATE_MIN || date > DATE_MAX)
    throw invalid('Date', value, `must be within ${DATE_MIN}..${DATE_MAX}`);
  return date;
}

/** Input: a plain decimal string of at most MAX_DECIMAL_LENGTH characters. */
export function parseDecimal(value: unknown): string {
  // Strings only: a JSON number would already have gone through a float.
  if (typeof value !== 'string' || value.length > MAX_DECIMAL_LENGTH || !DECIMAL.test(value)) {
    throw invalid('Decimal', value, 'expected a decimal string such as "1234.50"');
  }
  return value;
}

function checkDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid('DateTime', value, 'expected ISO 8601 with an offset, e.g. "2026-03-31T09:00:00Z"');
  }
  return new Date(value);
}

/** Input: an ISO 8601 date-time whose UTC date is inside the window. */
export function parseDateTime(value: unknown): Date {
  const at = checkDateTime(value);
  const day = at.toISOString().slice(0, 10);
  if (day < DATE_MIN || day > DATE_MAX)
    throw invalid('DateTime', value, `must be within ${DATE_MIN}..${DATE_MAX}`);
  return at;
}

const literal =
  <T>(parse: (v: unknown) => T) =>
  (ast: ValueNode): T =>
    parse(
      ast.kind === Kind.STRING
        ? ast.value
        : ast.kind === Kind.INT || ast.kind === Kind.FLOAT
          ? ast
          : undefined,
    );

/**
 * Calendar date "2026-03-31"; carried as the same string internally. Output is checked for form
 * only, so a date stored before the window existed still reads.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date, "YYYY-MM-DD"',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : checkDate(v)),
  parseValue: parseDate,
  parseLiteral: literal(parseDate),
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 date-time with offset',
  serialize: (v) => (v instanceof Date ? v : checkDateTime(v)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: literal(parseDateTime),
});

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'Exact decimal as a string, e.g. "1234.50"; never a float',
  serialize: (v) => {
    if (typeof v !== 'string' || !DECIMAL.test(v)) throw invalid('Decimal', v, 'expected a decimal string');
    return v;
  },
  parseValue: parseDecimal,
  parseLiteral: literal(parseDecimal),
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Decimal: DecimalScalar };
