import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '@platform/errors';
import { hasRole, isUuid, minutesFromHours, type Actor } from '@platform/domain-kit';
import { dateOrder } from '../domain/rules';
import { TimeOffEntity } from '../entities/time-off.entity';
import type { DeliveryEvents } from '../events/delivery.publisher';
import { repositoriesOf } from '../repositories';

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

/** A member's time off, which takes capacity and booked hours away on its working days. */
export class TimeOffCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DeliveryEvents,
  ) {}

  /**
   * Time off over [from, to]: hoursPerDay on each working day (default a full day, the member's
   * weekly capacity / 5), in whole minutes, 1 minute to 24 hours. Time off of one member never
   * overlaps (CONFLICT naming the existing range): cancel and record again to change it.
   */
  async recordTimeOff(actor: Actor, input: RecordTimeOffInput): Promise<TimeOffEntity> {
    assertMayRecordTimeOffOf(actor, input.memberId);
    dateOrder(input.from, input.to, 'input.to', 'from date');
    const explicitMinutes =
      input.hoursPerDay === undefined || input.hoursPerDay === null
        ? null
        : minutesFromHours(input.hoursPerDay, 'input.hoursPerDay');
    if (explicitMinutes !== null && explicitMinutes > 1440)
      throw badInput('input.hoursPerDay', 'a day has at most 24 hours');

    return this.dataSource.transaction(async (manager) => {
      const { team } = repositoriesOf(manager);
      const member = await team.lockMember(input.memberId);
      if (!member) throw notFound('TeamMember', input.memberId, 'input.memberId');
      const minutesPerDay = explicitMinutes ?? Math.round(member.weeklyCapacityMinutes / 5);
      if (minutesPerDay < 1)
        throw badInput('input.hoursPerDay', 'the member has no capacity; give hoursPerDay explicitly');
      const overlapping = await team.overlappingTimeOff(member.id, input.from, input.to);
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
      await team.insertTimeOff(timeOff);
      await this.events.timeOffRecorded(manager, timeOff);
      return timeOff;
    });
  }

  /** The member themself or DELIVERY/ADMIN; cancelling twice is a CONFLICT. */
  async cancelTimeOff(actor: Actor, id: string): Promise<TimeOffEntity> {
    if (!isUuid(id)) throw notFound('TimeOff', id, 'id');
    return this.dataSource.transaction(async (manager) => {
      const { team } = repositoriesOf(manager);
      const found = await team.findTimeOff(id);
      // Someone else's time off is NOT_FOUND to a member, not FORBIDDEN: its existence is private.
      if (!found || (found.memberId !== actor.id && !hasRole(actor, 'DELIVERY')))
        throw notFound('TimeOff', id, 'id');
      await team.lockMember(found.memberId);
      const timeOff = await team.lockTimeOff(id);
      if (timeOff.cancelledAt !== null) throw conflict('the time off is already cancelled');
      const cancelledAt = new Date();
      timeOff.cancelledAt = cancelledAt;
      await team.cancelTimeOff(id, cancelledAt);
      await this.events.timeOffCancelled(manager, { ...timeOff, cancelledAt });
      return timeOff;
    });
  }
}
