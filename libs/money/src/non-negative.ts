/**
 * ARCHITECTURE.md: a budget (minutes) or a value (minor units) moved by approved change orders
 * never goes below 0. Every service applies the same rule: each change applies to the figure as
 * it stands after the earlier ones, in the order they were approved, and stops at 0. A later
 * increase therefore starts from 0, not from a negative figure nobody saw.
 */
export function addNonNegative(current: number, delta: number): number;
export function addNonNegative(current: bigint, delta: bigint): bigint;
export function addNonNegative(current: number | bigint, delta: number | bigint): number | bigint {
  if (typeof current === 'bigint' && typeof delta === 'bigint') {
    const sum = current + delta;
    return sum < 0n ? 0n : sum;
  }
  return Math.max(0, Number(current) + Number(delta));
}

/** `start` moved by each delta in turn (oldest approval first) with addNonNegative. */
export function applyNonNegative(start: number, deltas: readonly number[]): number;
export function applyNonNegative(start: bigint, deltas: readonly bigint[]): bigint;
export function applyNonNegative(
  start: number | bigint,
  deltas: readonly number[] | readonly bigint[],
): number | bigint {
  let figure = start;
  for (const delta of deltas) {
    figure =
      typeof figure === 'bigint'
        ? addNonNegative(figure, delta as bigint)
        : addNonNegative(figure, delta as number);
  }
  return figure;
}
