/**
 * Errors the domain raises, free of any GraphQL or HTTP knowledge. The GraphQL layer turns
 * them into `extensions.code` (and `extensions.field` for bad input); see graphql-kit.
 */
export type ErrorCode =
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, field);
export const notFound = (what: string, id: string, field?: string) =>
  new DomainError('NOT_FOUND', `${what} ${id} not found`, field);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const unauthenticated = (message = 'Authentication required') =>
  new DomainError('UNAUTHENTICATED', message);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
export const preconditionFailed = (message: string, missing: readonly string[] = []) =>
  new DomainError('PRECONDITION_FAILED', message, undefined, { missing });
