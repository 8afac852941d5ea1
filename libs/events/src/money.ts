import type { Money } from '@platform/money';
import type { EventMoney } from './primitives';

export const toEventMoney = (m: Money): EventMoney => ({
  amountMinor: m.minor.toString(),
  currency: m.currency,
});
export const fromEventMoney = (m: EventMoney): Money => ({
  minor: BigInt(m.amountMinor),
  currency: m.currency,
});
