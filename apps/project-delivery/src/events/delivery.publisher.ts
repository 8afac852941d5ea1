import type { EntityManager } from 'typeorm';
import type { Role } from '@platform/domain-kit';
import { toEventMoney } from '@platform/events';
import type { Outbox } from '@platform/messaging';
import type { MilestoneKind } from '../domain/milestone-plan';

/** A team member as the platform learns it (TeamMemberUpserted). */
export interface MemberFacts {
  id: string;
  name: string;
  email: string;
  title: string | null;
  roles: Role[];
  weeklyCapacityMinutes: number;
  active: boolean;
  primaryRole: string | null;
  updatedAt: Date;
}

/** An allocation's whole state, with the engagement of its project. */
export interface AllocationFacts {
  id: string;
  memberId: string;
  projectId: string;
  minutesPerWeek: number;
  fromDate: string;
  toDate: string;
  role: string | null;
  status: 'TENTATIVE' | 'CONFIRMED' | 'RELEASED';
  createdAt: Date;
  updatedAt: Date;
}

export interface MilestoneFacts {
  id: string;
  projectId: string;
  kind: MilestoneKind;
  name: string;
  dueDate: string;
}

export interface TimeEntryFacts {
  id: string;
  memberId: string;
  projectId: string;
  date: string;
  minutes: number;
  billable: boolean;
}

/** The project's keys every project and time event carries. */
export interface ProjectKeys {
  projectId: string;
  engagementId: string;
}

/**
 * The one place delivery's outgoing events are built and published: one method per event type,
 * each taking plain facts and writing to the outbox in the caller's transaction.
 */
export class DeliveryEvents {
  constructor(private readonly outbox: Outbox) {}

  teamMemberUpserted(manager: EntityManager, member: MemberFacts) {
    return this.outbox.publish(manager, 'TeamMemberUpserted', {
      memberId: member.id,
      name: member.name,
      email: member.email,
      title: member.title,
      roles: member.roles,
      weeklyCapacityMinutes: member.weeklyCapacityMinutes,
      active: member.active,
      primaryRole: member.primaryRole,
      updatedAt: member.updatedAt.toISOString(),
    });
  }

  /** The whole state of an allocation, for the forecast. */
  allocationPlanned(manager: EntityManager, allocation: AllocationFacts, engagementId: string) {
    return this.outbox.publish(manager, 'AllocationPlanned', {
      allocationId: allocation.id,
      memberId: allocation.memberId,
      projectId: allocation.projectId,
      engagementId,
      minutesPerWeek: allocation.minutesPerWeek,
      from: allocation.fromDate,
      to: allocation.toDate,
      role: allocation.role,
      status: allocation.status,
      createdAt: allocation.createdAt.toISOString(),
      changedAt: allocation.updatedAt.toISOString(),
    });
  }

  /** v1, kept for its existing consumers (owner suggestions): a released allocation shows as 0 h/week. */
  allocationChanged(manager: EntityManager, allocation: AllocationFacts, engagementId: string) {
    return this.outbox.publish(manager, 'AllocationChanged', {
      allocationId: allocation.id,
      memberId: allocation.memberId,
      projectId: allocation.projectId,
      engagementId,
      minutesPerWeek: allocation.status === 'RELEASED' ? 0 : allocation.minutesPerWeek,
      from: allocation.fromDate,
      to: allocation.toDate,
      role: allocation.role,
    });
  }

  timeOffRecorded(
    manager: EntityManager,
    timeOff: {
      id: string;
      memberId: string;
      fromDate: string;
      toDate: string;
      minutesPerDay: number;
      createdAt: Date;
    },
  ) {
    return this.outbox.publish(manager, 'TimeOffRecorded', {
      timeOffId: timeOff.id,
      memberId: timeOff.memberId,
      from: timeOff.fromDate,
      to: timeOff.toDate,
      minutesPerDay: timeOff.minutesPerDay,
      recordedAt: timeOff.createdAt.toISOString(),
    });
  }

  timeOffCancelled(manager: EntityManager, timeOff: { id: string; memberId: string; cancelledAt: Date }) {
    return this.outbox.publish(manager, 'TimeOffCancelled', {
      timeOffId: timeOff.id,
      memberId: timeOff.memberId,
      cancelledAt: timeOff.cancelledAt.toISOString(),
    });
  }

  /**
   * Published with the budget and due date as entered: consumers learn change-order hours and
   * schedule shifts from ChangeOrderApproved itself (also those approved before the project
   * existed, applied to it in the same transaction), so including them here would count them twice.
   */
  projectCreated(
    manager: EntityManager,
    project: {
      id: string;
      engagementId: string;
      name: string;
      startDate: string;
      dueDate: string;
      budgetMinutes: number;
      createdAt: Date;
    },
  ) {
    return this.outbox.publish(manager, 'ProjectCreated', {
      projectId: project.id,
      engagementId: project.engagementId,
      name: project.name,
      startDate: project.startDate,
      dueDate: project.dueDate,
      budgetMinutes: project.budgetMinutes,
      createdAt: project.createdAt.toISOString(),
    });
  }

  projectStarted(manager: EntityManager, keys: ProjectKeys, startedAt: Date) {
    return this.outbox.publish(manager, 'ProjectStarted', { ...keys, startedAt: startedAt.toISOString() });
  }

  projectCompleted(manager: EntityManager, keys: ProjectKeys, completedAt: Date) {
    return this.outbox.publish(manager, 'ProjectCompleted', {
      ...keys,
      completedAt: completedAt.toISOString(),
    });
  }

  projectCancelled(manager: EntityManager, keys: ProjectKeys, cancelledAt: Date) {
    return this.outbox.publish(manager, 'ProjectCancelled', {
      ...keys,
      cancelledAt: cancelledAt.toISOString(),
    });
  }

  /**
   * Engagement learns each milestone's due date (its schedule colour turns on lateness): when the
   * milestone is planned, and again with the new date whenever the date moves (an approved change
   * order); engagement keeps the latest.
   */
  milestonePlanned(manager: EntityManager, milestone: MilestoneFacts, engagementId: string, plannedAt: Date) {
    return this.outbox.publish(manager, 'MilestonePlanned', {
      milestoneId: milestone.id,
      projectId: milestone.projectId,
      engagementId,
      kind: milestone.kind,
      name: milestone.name,
      dueDate: milestone.dueDate,
      plannedAt: plannedAt.toISOString(),
    });
  }

  milestoneSignedOff(
    manager: EntityManager,
    milestone: MilestoneFacts & { billingAmountMinor: bigint | null; billingCurrency: string | null },
    engagementId: string,
    signedOffAt: Date,
  ) {
    return this.outbox.publish(manager, 'MilestoneSignedOff', {
      milestoneId: milestone.id,
      projectId: milestone.projectId,
      engagementId,
      kind: milestone.kind,
      name: milestone.name,
      billingAmount:
        milestone.billingAmountMinor !== null && milestone.billingCurrency !== null
          ? toEventMoney({ minor: milestone.billingAmountMinor, currency: milestone.billingCurrency })
          : null,
      signedOffAt: signedOffAt.toISOString(),
    });
  }

  timeLogged(
    manager: EntityManager,
    entry: TimeEntryFacts,
    engagementId: string,
    role: string | null,
    loggedAt: Date,
  ) {
    return this.outbox.publish(manager, 'TimeLogged', {
      entryId: entry.id,
      engagementId,
      projectId: entry.projectId,
      memberId: entry.memberId,
      date: entry.date,
      minutes: entry.minutes,
      billable: entry.billable,
      role,
      loggedAt: loggedAt.toISOString(),
    });
  }

  timeEntryCorrected(
    manager: EntityManager,
    entry: TimeEntryFacts,
    engagementId: string,
    role: string | null,
    correctedAt: Date,
  ) {
    return this.outbox.publish(manager, 'TimeEntryCorrected', {
      entryId: entry.id,
      engagementId,
      projectId: entry.projectId,
      memberId: entry.memberId,
      date: entry.date,
      minutes: entry.minutes,
      billable: entry.billable,
      role,
      correctedAt: correctedAt.toISOString(),
    });
  }

  timeEntryDeleted(manager: EntityManager, entry: TimeEntryFacts, engagementId: string, deletedAt: Date) {
    return this.outbox.publish(manager, 'TimeEntryDeleted', {
      entryId: entry.id,
      engagementId,
      projectId: entry.projectId,
      memberId: entry.memberId,
      date: entry.date,
      deletedAt: deletedAt.toISOString(),
    });
  }
}
