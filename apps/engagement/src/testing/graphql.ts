import type { GraphQLResponse } from '@platform/testing';

/** The code, field and missing list of the first error of a response (fails when there is none). */
export function firstError(res: GraphQLResponse<unknown>): {
  code: unknown;
  field: unknown;
  missing: unknown;
  message: string;
} {
  const error = res.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
  return {
    code: error.extensions?.code,
    field: error.extensions?.field,
    missing: error.extensions?.missing,
    message: error.message,
  };
}
