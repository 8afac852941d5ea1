import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@platform/events';
import { statusAfterKickoff } from '../domain/engagement-rules';
import { handoffItemForMilestone } from '../domain/handoff';
import { AllocationEntity, TeamMemberEntity } from '../entities';
import { EngagementWrites } from '../repositories/engagement.repository';

const lower = (id: string) => id.toLowerCase();

export async function onTeamMemberUpserted(
  event: EventEnvelope<'TeamMemberUpserted'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).upsertTeamMember(
    Object.assign(new TeamMemberEntity(), {
      id: lower(p.memberId),
      name: p.name,
      roles: p.roles,
      weeklyCapacityMinutes: p.weeklyCapacityMinutes,
      active: p.active,
      updatedAt: new Date(p.updatedAt),
    }),
  );
}

export async function onAllocationChanged(
  event: EventEnvelope<'AllocationChanged'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).upsertAllocation(
    Object.assign(new AllocationEntity(), {
      id: lower(p.allocationId),
      memberId: lower(p.memberId),
      projectId: lower(p.projectId),
      engagementId: lower(p.engagementId),
      minutesPerWeek: p.minutesPerWeek,
      fromDate: p.from,
      toDate: p.to,
      // The payload has no time of its own; the envelope's says which change is the latest.
      eventOccurredAt: new Date(event.occurredAt),
    }),
  );
}

/** Time off counts against a member's room in owner suggestions; a redelivery rewrites the same row. */
export async function onTimeOffRecorded(
  event: EventEnvelope<'TimeOffRecorded'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordTimeOff(
    lower(p.timeOffId),
    lower(p.memberId),
    p.from,
    p.to,
    p.minutesPerDay,
  );
}

export async function onTimeOffCancelled(
  event: EventEnvelope<'TimeOffCancelled'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).cancelTimeOff(lower(p.timeOffId), new Date(p.cancelledAt));
}

export async function onMilestoneSignedOff(
  event: EventEnvelope<'MilestoneSignedOff'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  const writes = new EngagementWrites(manager);
  await writes.recordMilestoneSignOff(
    lower(p.milestoneId),
    lower(p.engagementId),
    lower(p.projectId),
    new Date(p.signedOffAt),
  );
  const item = handoffItemForMilestone(p.kind);
  if (!item) return;
  await writes.recordHandoffFact(
    lower(event.payload.engagementId),
    item,
    new Date(event.payload.signedOffAt),
  );
}

/** A milestone's due date: the schedule colour turns AMBER once it passes unsigned, RED after 7 days. */
export async function onMilestonePlanned(
  event: EventEnvelope<'MilestonePlanned'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordMilestoneDue(
    lower(p.milestoneId),
    lower(p.engagementId),
    lower(p.projectId),
    p.dueDate,
  );
}

export async function onProjectCreated(
  event: EventEnvelope<'ProjectCreated'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordProjectFact(
    lower(p.projectId),
    lower(p.engagementId),
    'known',
    new Date(p.createdAt),
  );
}

/** The first project start is the kickoff: it completes the handoff item and makes the engagement ACTIVE. */
export async function onProjectStarted(
  event: EventEnvelope<'ProjectStarted'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  const engagementId = lower(p.engagementId);
  const startedAt = new Date(p.startedAt);
  const writes = new EngagementWrites(manager);
  await writes.recordProjectFact(lower(p.projectId), engagementId, 'started_at', startedAt);
  await writes.recordHandoffFact(engagementId, 'KICKOFF_HELD', startedAt);
  const engagement = await writes.lockEngagement(engagementId);
  if (!engagement) return;
  const next = statusAfterKickoff(engagement.status);
  if (next === engagement.status) return;
  engagement.status = next;
  await writes.saveEngagement(engagement);
}

export async function onProjectCompleted(
  event: EventEnvelope<'ProjectCompleted'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordProjectFact(
    lower(p.projectId),
    lower(p.engagementId),
    'completed_at',
    new Date(p.completedAt),
  );
}

export async function onProjectCancelled(
  event: EventEnvelope<'ProjectCancelled'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordProjectFact(
    lower(p.projectId),
    lower(p.engagementId),
    'cancelled_at',
    new Date(p.cancelledAt),
  );
}
