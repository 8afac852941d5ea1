import type { ValueTransformer } from 'typeorm';

/** PostgreSQL bigint (money in minor units) ↔ JS bigint; node-postgres returns it as a string. */
export const bigintColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : value.toString(),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/** PostgreSQL numeric → JS number, for non-money figures such as percentages. */
export const numericColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
