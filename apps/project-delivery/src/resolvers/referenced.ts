import type { GraphQLResolveInfo } from 'graphql';

/**
 * A non-null field loaded through a foreign key (Allocation.member, TimeEntry.project, ...): the
 * migration's REFERENCES constraints guarantee the row, so the loaders' `null` cannot happen. Should
 * it ever, this fails exactly as graphql-js fails a null returned for a non-null field, so giving
 * the resolver its schema type changes nothing a client sees.
 */
export async function referenced<T>(row: Promise<T | null>, info: GraphQLResolveInfo): Promise<T> {
  const value = await row;
  if (value === null) {
    throw new Error(`Cannot return null for non-nullable field ${info.parentType.name}.${info.fieldName}.`);
  }
  return value;
}
