import { z } from 'zod';
import {
  allocationStatusSchema,
  isoDate,
  isoDateTime,
  milestoneKindSchema,
  minutes,
  moneySchema,
  pricingModelSchema,
  riskReasonSchema,
  roleSchema,
  uuid,
} from './primitives';

/** Topic of each producing service (before any environment prefix). */
export const TOPICS = {
  sales: 'sales.events',
  engagement: 'engagement.events',
  delivery: 'delivery.events',
  accounting: 'accounting.events',
} as const;
export type Producer = keyof typeof TOPICS;

interface EventDefinition<P extends z.ZodType> {
  producer: Producer;
  version: number;
  description: string;
  payload: P;
  /** Kafka message key: the engagement id, or client/contract/member id before one exists. */
  key: (payload: z.infer<P>) => string;
}

const define = <P extends z.ZodType>(d: EventDefinition<P>) => d;

/**
 * Every event the services exchange. A breaking change is a new version next to the old one,
 * never an edit in place; consumers reject versions they do not know (to the DLQ).
 * Hours travel as whole minutes; money as integer minor units plus currency.
 */
export const EVENT_CATALOGUE = {
  /** @since 1 — sales */
  ClientCreated: define({
    producer: 'sales',
    version: 1,
    description: 'A client relationship was created in sales.',
    payload: z.object({
      clientId: uuid,
      name: z.string().min(1),
      industry: z.string().nullable(),
      accountManagerId: uuid.nullable(),
      createdAt: isoDateTime,
    }),
    key: (p) => p.clientId,
  }),
  ContractSigned: define({
    producer: 'sales',
    version: 1,
    description: 'An opportunity passed the review gate and its contract was signed.',
    payload: z.object({
      contractId: uuid,
      opportunityId: uuid,
      title: z.string().min(1),
      clientId: uuid,
      clientName: z.string().min(1),
      accountManagerId: uuid.nullable(),
      sellerId: uuid,
      value: moneySchema,
      pricingModel: pricingModelSchema,
      startDate: isoDate,
      endDate: isoDate,
      budgetMinutes: minutes.nonnegative(),
      estimatedMinutes: minutes.nonnegative(),
      estimateLines: z.array(
        z.object({
          role: z.string(),
          minutes: minutes.positive(),
          costRate: moneySchema,
          billRate: moneySchema,
        }),
      ),
      scope: z.string().min(1),
      signedAt: isoDateTime,
    }),
    key: (p) => p.contractId,
  }),

  /** @since 1 — engagement */
  EngagementOpened: define({
    producer: 'engagement',
    version: 1,
    description: 'A signed contract became an engagement, in handoff.',
    payload: z.object({
      engagementId: uuid,
      contractId: uuid,
      clientId: uuid,
      clientName: z.string(),
      name: z.string(),
      pricingModel: pricingModelSchema,
      contractValue: moneySchema,
      startDate: isoDate,
      endDate: isoDate,
      budgetMinutes: minutes.nonnegative(),
      estimatedMinutes: minutes.nonnegative(),
      accountManagerId: uuid.nullable(),
      deliveryOwnerId: uuid.nullable(),
      contractSignedAt: isoDateTime,
      openedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  EngagementRolesAssigned: define({
    producer: 'engagement',
    version: 1,
    description: 'The account manager and delivery owner of an engagement were named.',
    payload: z.object({
      engagementId: uuid,
      accountManagerId: uuid,
      deliveryOwnerId: uuid,
      assignedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  ChangeOrderApproved: define({
    producer: 'engagement',
    version: 1,
    description: 'A change order was approved: contract value, budget and schedule move.',
    payload: z.object({
      engagementId: uuid,
      changeOrderId: uuid,
      description: z.string(),
      amountDelta: moneySchema,
      minutesDelta: minutes,
      scheduleDeltaDays: z.number().int(),
      approvedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  EngagementClosed: define({
    producer: 'engagement',
    version: 1,
    description: 'An engagement was closed after its review and projects completed.',
    payload: z.object({ engagementId: uuid, closedAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),

  /** @since 1 — project-delivery */
  TeamMemberUpserted: define({
    producer: 'delivery',
    version: 1,
    description: 'A team member was created or changed (name, roles, capacity, active).',
    payload: z.object({
      memberId: uuid,
      name: z.string(),
      email: z.string(),
      title: z.string().nullable(),
      roles: z.array(roleSchema),
      weeklyCapacityMinutes: minutes.nonnegative(),
      active: z.boolean(),
      updatedAt: isoDateTime,
    }),
    key: (p) => p.memberId,
  }),
  AllocationChanged: define({
    producer: 'delivery',
    version: 1,
    description: 'Hours per week of a member on a project over a date range were set.',
    payload: z.object({
      allocationId: uuid,
      memberId: uuid,
      projectId: uuid,
      engagementId: uuid,
      minutesPerWeek: minutes.nonnegative(),
      from: isoDate,
      to: isoDate,
    }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight: an allocation's full state on every change (status, release). */
  AllocationPlanned: define({
    producer: 'delivery',
    version: 1,
    description: 'An allocation was made, confirmed or released; the payload is its whole state.',
    payload: z.object({
      allocationId: uuid,
      memberId: uuid,
      projectId: uuid,
      engagementId: uuid,
      minutesPerWeek: minutes.positive(),
      from: isoDate,
      to: isoDate,
      status: allocationStatusSchema,
      createdAt: isoDateTime,
      changedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight */
  TimeOffRecorded: define({
    producer: 'delivery',
    version: 1,
    description: 'A member takes time off: minutes per working day over a date range.',
    payload: z.object({
      timeOffId: uuid,
      memberId: uuid,
      from: isoDate,
      to: isoDate,
      minutesPerDay: minutes.positive().max(1440),
      recordedAt: isoDateTime,
    }),
    key: (p) => p.memberId,
  }),
  /** @since 1 — foresight */
  TimeOffCancelled: define({
    producer: 'delivery',
    version: 1,
    description: 'Time off recorded earlier was cancelled.',
    payload: z.object({ timeOffId: uuid, memberId: uuid, cancelledAt: isoDateTime }),
    key: (p) => p.memberId,
  }),
  ProjectCreated: define({
    producer: 'delivery',
    version: 1,
    description: 'A project was created for an engagement.',
    payload: z.object({
      projectId: uuid,
      engagementId: uuid,
      name: z.string(),
      startDate: isoDate,
      dueDate: isoDate,
      budgetMinutes: minutes.nonnegative(),
      createdAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  ProjectStarted: define({
    producer: 'delivery',
    version: 1,
    description: 'A project kicked off (the kickoff was held).',
    payload: z.object({ projectId: uuid, engagementId: uuid, startedAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),
  ProjectCompleted: define({
    producer: 'delivery',
    version: 1,
    description: 'A project was completed.',
    payload: z.object({ projectId: uuid, engagementId: uuid, completedAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),
  ProjectCancelled: define({
    producer: 'delivery',
    version: 1,
    description: 'A project was cancelled.',
    payload: z.object({ projectId: uuid, engagementId: uuid, cancelledAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight: a milestone's due date, so engagement sees lateness (schedule RAG). */
  MilestonePlanned: define({
    producer: 'delivery',
    version: 1,
    description: 'A milestone was planned on a project, with its due date.',
    payload: z.object({
      milestoneId: uuid,
      projectId: uuid,
      engagementId: uuid,
      kind: milestoneKindSchema,
      name: z.string(),
      dueDate: isoDate,
      plannedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  MilestoneSignedOff: define({
    producer: 'delivery',
    version: 1,
    description: 'The client signed off a milestone; a billing amount, when set, is to be invoiced.',
    payload: z.object({
      milestoneId: uuid,
      projectId: uuid,
      engagementId: uuid,
      kind: milestoneKindSchema,
      name: z.string(),
      billingAmount: moneySchema.nullable(),
      signedOffAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  TimeLogged: define({
    producer: 'delivery',
    version: 1,
    description: 'A time entry was logged.',
    payload: z.object({
      entryId: uuid,
      engagementId: uuid,
      projectId: uuid,
      memberId: uuid,
      date: isoDate,
      minutes: minutes.min(1).max(1440),
      billable: z.boolean(),
      loggedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  TimeEntryCorrected: define({
    producer: 'delivery',
    version: 1,
    description: 'A time entry was corrected; the payload is its new state.',
    payload: z.object({
      entryId: uuid,
      engagementId: uuid,
      projectId: uuid,
      memberId: uuid,
      date: isoDate,
      minutes: minutes.min(1).max(1440),
      billable: z.boolean(),
      correctedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  TimeEntryDeleted: define({
    producer: 'delivery',
    version: 1,
    description: 'A time entry was deleted.',
    payload: z.object({
      entryId: uuid,
      engagementId: uuid,
      projectId: uuid,
      memberId: uuid,
      date: isoDate,
      deletedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),

  /** @since 1 — accounting */
  MemberRateChanged: define({
    producer: 'accounting',
    version: 1,
    description: 'A member’s cost and bill rates from a date were set.',
    payload: z.object({
      memberId: uuid,
      costRate: moneySchema,
      billRate: moneySchema,
      effectiveFrom: isoDate,
    }),
    key: (p) => p.memberId,
  }),
  MarginAlertRaised: define({
    producer: 'accounting',
    version: 1,
    description: 'An engagement crossed into risk (margin under threshold or budget overrun).',
    payload: z.object({
      engagementId: uuid,
      marginPercent: z.number().nullable(),
      burnPercent: z.number(),
      thresholdPercent: z.number(),
      reasons: z.array(z.string()),
      raisedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  MarginAlertCleared: define({
    producer: 'accounting',
    version: 1,
    description: 'An engagement that was at risk recovered (the all-clear).',
    payload: z.object({
      engagementId: uuid,
      marginPercent: z.number().nullable(),
      burnPercent: z.number(),
      clearedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight: one event per risk reason crossing (MarginAlertRaised stays for old consumers). */
  RiskRaised: define({
    producer: 'accounting',
    version: 1,
    description: 'One risk reason of an engagement started to hold.',
    payload: z.object({
      engagementId: uuid,
      reason: riskReasonSchema,
      raisedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight */
  RiskCleared: define({
    producer: 'accounting',
    version: 1,
    description: 'One risk reason of an engagement stopped holding.',
    payload: z.object({
      engagementId: uuid,
      reason: riskReasonSchema,
      clearedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight: the forecast margin moved (engagement keeps it to order its portfolio view). */
  ForecastChanged: define({
    producer: 'accounting',
    version: 1,
    description: 'The forecast margin at completion of an engagement changed (null: no forecast).',
    payload: z.object({
      engagementId: uuid,
      forecastMargin: moneySchema.nullable(),
      forecastMarginPercent: z.number().nullable(),
      changedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight */
  BudgetThresholdCrossed: define({
    producer: 'accounting',
    version: 1,
    description: 'Budget burn rose through 50, 75, 90 or 100 percent.',
    payload: z.object({
      engagementId: uuid,
      percent: z.union([z.literal(50), z.literal(75), z.literal(90), z.literal(100)]),
      burnPercent: z.number(),
      crossedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  InvoiceIssued: define({
    producer: 'accounting',
    version: 1,
    description: 'An invoice was issued (e.g. on a milestone sign-off with a billing amount).',
    payload: z.object({
      invoiceId: uuid,
      engagementId: uuid,
      milestoneId: uuid.nullable(),
      amount: moneySchema,
      reason: z.string(),
      issuedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
} as const;

export type EventCatalogue = typeof EVENT_CATALOGUE;
export type EventType = keyof EventCatalogue;
export type EventPayload<T extends EventType> = z.infer<EventCatalogue[T]['payload']>;
export type EventsOf<P extends Producer> = {
  [T in EventType]: EventCatalogue[T]['producer'] extends P ? T : never;
}[EventType];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type);
}
