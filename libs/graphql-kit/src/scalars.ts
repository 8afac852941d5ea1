import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
// RFC 3339 / ISO 8601 date-time with an explicit offset or Z.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function invalid(scalar: string, value: unknown, hint: string): GraphQLError {
  return new GraphQLError(`${scalar} cannot represent ${JSON.stringify(value)}: ${hint}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidDate(value)) throw invalid('Date', value, 'expected "YYYY-MM-DD"');
  return value;
}

function parseDecimal(value: unknown): string {
  // Strings only: a JSON number would already have gone through a float.
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw invalid('Decimal', value, 'expected a decimal string such as "1234.50"');
  }
  return value;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid('DateTime', value, 'expected ISO 8601 with an offset, e.g. "2026-03-31T09:00:00Z"');
  }
  return new Date(value);
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

/** Calendar date "2026-03-31"; carried as the same string internally. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date, "YYYY-MM-DD"',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseDate(v)),
  parseValue: parseDate,
  parseLiteral: literal(parseDate),
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 date-time with offset',
  serialize: (v) => (v instanceof Date ? v : parseDateTime(v)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: literal(parseDateTime),
});

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'Exact decimal as a string, e.g. "1234.50"; never a float',
  serialize: (v) => parseDecimal(v),
  parseValue: parseDecimal,
  parseLiteral: literal(parseDecimal),
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Decimal: DecimalScalar };
