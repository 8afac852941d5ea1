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
