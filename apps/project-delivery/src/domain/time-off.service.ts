import { randomUUID } from 'node:crypto';
import { badInput, conflict, forbidden, notFound } from '@platform/errors';
import { hasRole, minutesFromHours, type Actor } from '@platform/domain-kit';
import { TimeOffEntity } from '../entities/time-off.entity';
import { isUuid } from './ids';
import type { DeliveryPorts } from './ports';
import { lockMember } from './repository';
import { dateOrder } from './rules';

export interface RecordTimeOffInput {
  memberId: string;
  from: string;
  to: string;
  hoursPerDay?: number | null;
}

/** DELIVERY (and ADMIN) record anyone's time off; a member only their own. */
function assertMayRecordTimeOffOf(actor: Actor, memberId: string): void {
  if (actor.id !== memberId && !hasRole(actor, 'DELIVERY')) {
    throw forbidden('you can record and cancel only your own time off');
  }
}

/**
 * Time off over [from, to]: hoursPerDay on each working day (default a full day, the member's
 * weekly capacity / 5), in whole minutes, 1 minute to 24 hours. Time off of one member never
 * overlaps (CONFLICT naming the existing range): cancel and record again to change it.
 */
export async function recordTimeOff(
  ports: DeliveryPorts,
  actor: Actor,
  input: RecordTimeOffInput,
): Promise<TimeOffEntity> {
  assertMayRecordTimeOffOf(actor, input.memberId);
  dateOrder(input.from, input.to, 'input.to', 'from date');
  const explicitMinutes =
    input.hoursPerDay === undefined || input.hoursPerDay === null
      ? null
      : minutesFromHours(input.hoursPerDay, 'input.hoursPerDay');
  if (explicitMinutes !== null && explicitMinutes > 1440)
    throw badInput('input.hoursPerDay', 'a day has at most 24 hours');

  return ports.dataSource.transaction(async (manager) => {
    const member = await lockMember(manager, input.memberId);
    if (!member) throw notFound('TeamMember', input.memberId, 'input.memberId');
    const minutesPerDay = explicitMinutes ?? Math.round(member.weeklyCapacityMinutes / 5);
    if (minutesPerDay < 1)
      throw badInput('input.hoursPerDay', 'the member has no capacity; give hoursPerDay explicitly');
    const overlapping = await manager
      .getRepository(TimeOffEntity)
      .createQueryBuilder('t')
      .where('t.member_id = :memberId AND t.cancelled_at IS NULL', { memberId: member.id })
      .andWhere('t.from_date <= :to AND t.to_date >= :from', { from: input.from, to: input.to })
      .orderBy('t.from_date')
      .getOne();
    if (overlapping) {
      throw conflict(
        `time off from ${overlapping.fromDate} to ${overlapping.toDate} (${overlapping.id}) overlaps; cancel it first`,
      );
    }
    const timeOff = Object.assign(new TimeOffEntity(), {
      id: randomUUID(),
      memberId: member.id,
      fromDate: input.from,
      toDate: input.to,
      minutesPerDay,
      recordedBy: actor.id,
      createdAt: new Date(),
      cancelledAt: null,
    } satisfies TimeOffEntity);
    await manager.getRepository(TimeOffEntity).insert(timeOff);
    await ports.outbox.publish(manager, 'TimeOffRecorded', {
      timeOffId: timeOff.id,
      memberId: member.id,
      from: timeOff.fromDate,
      to: timeOff.toDate,
      minutesPerDay,
      recordedAt: timeOff.createdAt.toISOString(),
    });
    return timeOff;
  });
}

/** The member themself or DELIVERY/ADMIN; cancelling twice is a CONFLICT. */
export async function cancelTimeOff(ports: DeliveryPorts, actor: Actor, id: string): Promise<TimeOffEntity> {
  if (!isUuid(id)) throw notFound('TimeOff', id, 'id');
  return ports.dataSource.transaction(async (manager) => {
    const found = await manager.getRepository(TimeOffEntity).findOne({ where: { id } });
    // Someone else's time off is NOT_FOUND to a member, not FORBIDDEN: its existence is private.
    if (!found || (found.memberId !== actor.id && !hasRole(actor, 'DELIVERY')))
      throw notFound('TimeOff', id, 'id');
    await lockMember(manager, found.memberId);
    const timeOff = await manager
      .getRepository(TimeOffEntity)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (timeOff.cancelledAt !== null) throw conflict('the time off is already cancelled');
    timeOff.cancelledAt = new Date();
    await manager.getRepository(TimeOffEntity).update({ id }, { cancelledAt: timeOff.cancelledAt });
    await ports.outbox.publish(manager, 'TimeOffCancelled', {
      timeOffId: timeOff.id,
      memberId: timeOff.memberId,
      cancelledAt: timeOff.cancelledAt.toISOString(),
    });
    return timeOff;
  });
}
