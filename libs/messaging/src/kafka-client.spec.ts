import { logLevel } from 'kafkajs';
import type { Logger } from '@platform/observability';
import { headerString, kafkaLogCreator } from './kafka-client';
import { isInfrastructureError } from './event-consumer';

describe('kafka client helpers', () => {
  it('reads header values whether Kafka hands back a Buffer, a string or an array', () => {
    expect(headerString(Buffer.from('TimeLogged'))).toBe('TimeLogged');
    expect(headerString('1')).toBe('1');
    expect(headerString([Buffer.from('a'), 'b'])).toBe('a');
    expect(headerString(undefined)).toBeUndefined();
  });

  it('sends kafkajs warnings and errors to the service log at WARN and drops the rest', () => {
    const warnings: Array<[unknown, string]> = [];
    const logger = {
      warn: (fields: unknown, message: string) => warnings.push([fields, message]),
    } as unknown as Logger;
    const log = kafkaLogCreator(logger)(logLevel.WARN);
    const entry = (level: logLevel, message: string) =>
      log({
        namespace: 'Consumer',
        level,
        label: '',
        log: { message, timestamp: '', logger: 'kafkajs', groupId: 'g' },
      });
    entry(logLevel.ERROR, 'Crash');
    entry(logLevel.WARN, 'Rebalancing');
    entry(logLevel.INFO, 'Starting');
    entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees');
    expect(warnings).toEqual([
      [{ kafka: 'Consumer', groupId: 'g' }, 'Crash'],
      [{ kafka: 'Consumer', groupId: 'g' }, 'Rebalancing'],
    ]);
  });
});

describe('isInfrastructureError', () => {
  it('holds a partition for a database that is down, never dead-letters the event', () => {
    expect(
      isInfrastructureError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureError({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
    expect(isInfrastructureError({ message: 'query failed', driverError: { code: '08006' } })).toBe(true);
  });

  it('lets an error that belongs to the event go to the dead-letter topic', () => {
    expect(isInfrastructureError(new Error('the handler refuses this engagement'))).toBe(false);
    expect(isInfrastructureError({ message: 'duplicate key', driverError: { code: '23505' } })).toBe(false);
    expect(isInfrastructureError(null)).toBe(false);
  });
});
