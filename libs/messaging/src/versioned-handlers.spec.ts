import { createEvent, parseEvent, type EventEnvelope } from '@platform/events';
import type { EntityManager } from 'typeorm';
import { byVersion, resolveHandler, type ChunkScope, type EventHandlers } from './event-consumer';

const usd = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'USD' });
const contractV1 = {
  contractId: '3b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  opportunityId: '4b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  title: 'Data platform',
  clientId: '6b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  clientName: 'Acme',
  accountManagerId: null,
  sellerId: '7b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  value: usd(1700000),
  pricingModel: 'TIME_AND_MATERIALS' as const,
  startDate: '2026-03-02',
  endDate: '2026-04-30',
  budgetMinutes: 6000,
  estimatedMinutes: 6000,
  estimateLines: [{ role: 'Developer', minutes: 6000, costRate: usd(5000), billRate: usd(17000) }],
  scope: 'Build it',
  signedAt: '2026-03-01T10:00:00.000Z',
};
const asV1 = (event: EventEnvelope<'ContractSigned'>) =>
  parseEvent(JSON.parse(JSON.stringify({ ...event, version: 1, payload: contractV1 })));
const v2 = createEvent('ContractSigned', { ...contractV1, rates: [] }, { source: 'sales' });
const noop = async () => undefined;

describe('a consumer declares the versions it reads', () => {
  it('gives a plain handler the current version, upcasting older messages', () => {
    const handlers: EventHandlers = { ContractSigned: noop };
    const resolved = resolveHandler(handlers, asV1(v2));
    expect(resolved?.event.version).toBe(2);
    expect(resolved?.event).toMatchObject({
      type: 'ContractSigned',
      payload: { rates: [{ role: 'Developer', billRate: usd(17000), minutes: 6000 }] },
    });
  });

  it('gives each declared version its own typed handler', async () => {
    const seen: string[] = [];
    const handlers: EventHandlers = {
      ContractSigned: byVersion('ContractSigned', {
        1: async (event) => {
          // v1's payload is typed without the rate table: reading it does not compile.
          // @ts-expect-error rates is not a v1 field
          expect(event.payload.rates).toBeUndefined();
          seen.push(`v1 ${event.payload.estimateLines.length} line(s)`);
        },
        2: async (event) => {
          seen.push(`v2 ${event.payload.rates.length} rate(s)`);
        },
      }),
    };
    const fromV1 = resolveHandler(handlers, asV1(v2));
    const fromV2 = resolveHandler(handlers, parseEvent(JSON.parse(JSON.stringify(v2))));
    expect(fromV1?.event.version).toBe(1);
    expect(fromV2?.event.version).toBe(2);
    const manager = {} as EntityManager;
    const chunk = { defer: () => undefined } as unknown as ChunkScope;
    await fromV1?.handle(fromV1.event, manager, chunk);
    await fromV2?.handle(fromV2.event, manager, chunk);
    expect(seen).toEqual(['v1 1 line(s)', 'v2 0 rate(s)']);
  });

  it('refuses a version newer than every one the consumer declares (to the DLQ)', () => {
    const handlers: EventHandlers = { ContractSigned: byVersion('ContractSigned', { 1: noop }) };
    expect(() => resolveHandler(handlers, parseEvent(JSON.parse(JSON.stringify(v2))))).toThrow(
      expect.objectContaining({ reason: 'UNKNOWN_VERSION' }),
    );
  });

  it('skips types the consumer does not handle', () => {
    expect(resolveHandler({}, asV1(v2))).toBeUndefined();
  });
});
