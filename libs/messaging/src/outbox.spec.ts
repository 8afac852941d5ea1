import type { EntityManager } from 'typeorm';
import { EventValidationError } from '@platform/events';
import { context, trace } from '@opentelemetry/api';
import { recordSpans } from '@platform/observability';
import { Outbox, OutboxTransactionError } from './outbox';

const payload = {
  entryId: '0b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  engagementId: '5b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  projectId: '1b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  memberId: '2b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  date: '2026-03-02',
  minutes: 90,
  billable: true,
  loggedAt: '2026-03-02T10:00:00.000Z',
};

function fakeManager(inTransaction: boolean) {
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  const manager = {
    queryRunner: { isTransactionActive: inTransaction },
    query: async (sql: string, params: unknown[]) => {
      queries.push({ sql, params });
      return [];
    },
  } as unknown as EntityManager;
  return { manager, queries };
}

describe('Outbox.publish', () => {
  const outbox = new Outbox({ source: 'project-delivery' });

  it('refuses to write outside a transaction', async () => {
    const { manager, queries } = fakeManager(false);
    await expect(outbox.publish(manager, 'TimeLogged', payload)).rejects.toThrow(OutboxTransactionError);
    expect(queries).toHaveLength(0);
  });

  it('refuses an invalid payload before writing anything', async () => {
    const { manager, queries } = fakeManager(true);
    await expect(outbox.publish(manager, 'TimeLogged', { ...payload, minutes: 0 })).rejects.toThrow(
      EventValidationError,
    );
    expect(queries).toHaveLength(0);
  });

  it('stores the unprefixed topic, the key and the trace context of its outbox span', async () => {
    const recorded = await recordSpans();
    try {
      const { manager, queries } = fakeManager(true);
      const request = trace.getTracer('test').startSpan('request');
      const envelope = await context.with(trace.setSpan(context.active(), request), () =>
        outbox.publish(manager, 'TimeLogged', payload),
      );
      request.end();
      expect(envelope).toMatchObject({
        type: 'TimeLogged',
        version: 1,
        source: 'project-delivery',
        key: payload.engagementId,
      });
      const [eventId, topic, key, type, version, stored, traceparent] = queries[0].params;
      expect([eventId, topic, key, type, version]).toEqual([
        envelope.id,
        'delivery.events',
        payload.engagementId,
        'TimeLogged',
        1,
      ]);
      expect(JSON.parse(stored as string)).toEqual(envelope);
      const [create] = recorded.finished().filter((s) => s.name === 'create delivery.events');
      expect(create.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(traceparent).toBe(`00-${request.spanContext().traceId}-${create.spanContext().spanId}-01`);
    } finally {
      await recorded.stop();
    }
  });

  it('stores no trace context when there is none', async () => {
    const { manager, queries } = fakeManager(true);
    await outbox.publish(manager, 'TimeLogged', payload);
    expect(queries[0].params[6]).toBeNull();
  });

  it('writes nothing of a bulk write when one of its events is invalid', async () => {
    const { manager, queries } = fakeManager(true);
    await expect(
      outbox.publishMany(manager, [
        { type: 'TimeLogged', payload },
        { type: 'TimeLogged', payload: { ...payload, minutes: 2000 } },
      ]),
    ).rejects.toThrow(EventValidationError);
    expect(queries).toHaveLength(0);
  });
});
