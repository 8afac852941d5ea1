import { DomainError } from '@platform/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { MoneyError } from '@platform/money';

/** Turns domain errors into GraphQL errors with `extensions.code` (and `field` for bad input). */
export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      ...(error.details ?? {}),
    },
  });
}

// graphql-js: 'Variable "$input" got invalid value "2026-02-30" at "input.startDate"; Date cannot …'
const VARIABLE_COERCION = /^Variable "\$([^"]+)" got invalid value .*?(?: at "([^"]+)")?; /s;

/** The argument path a variable-coercion error is about, e.g. "input.startDate". */
export function coercionField(message: string): string | undefined {
  const match = VARIABLE_COERCION.exec(message);
  // graphql-js prints list indices as "[0]"; the API names them "lines.0.hours", as the gateway does.
  return match ? (match[2] ?? match[1]).replace(/\[(\d+)\]/g, '.$1') : undefined;
}

/**
 * Apollo `formatError`: domain errors keep their code; anything unexpected is masked in
 * production (no stack, no SQL) and logged by the caller.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: {
          code: original.code,
          ...(original.field ? { field: original.field } : {}),
          ...(original.details ?? {}),
        },
      };
    }
    if (original instanceof MoneyError) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (code === 'BAD_USER_INPUT' && formatted.extensions?.field === undefined) {
      const field = coercionField(formatted.message);
      if (field) formatted = { ...formatted, extensions: { ...formatted.extensions, field } };
    }
    if (production && (code === 'INTERNAL_SERVER_ERROR' || code === undefined)) {
      return {
        message: 'Internal server error',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    if (production) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return formatted;
  };
}
