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

interface EventDefinition<P extends z.ZodType, V extends number> {
  producer: Producer;
  version: V;
  /** The release this version of the event first appeared in (the catalogue's `@since`). */
  since: string;
  /** One line: the fact the event states. */
  description: string;
  payload: P;
  /** Kafka message key: the engagement id, or client/contract/member id before one exists. */
  key: (payload: z.infer<P>) => string;
}

const define = <P extends z.ZodType, V extends number>(d: EventDefinition<P, V>) => d;

/** The project's releases, for `since`. */
const WAVE_1 = '0.1.0';
const WAVE_2 = '0.2.0';

/** Role names are compared trimmed and case-insensitively (ARCHITECTURE.md, role rate card). */
export const roleKey = (role: string): string => role.trim().toLowerCase();

const contractSignedV1 = z.object({
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
});
type ContractSignedV1 = z.infer<typeof contractSignedV1>;

/** v2 adds the contract's rate table: one bill rate per role of the estimate, with its hours. */
const contractSignedV2 = contractSignedV1.extend({
  rates: z.array(
    z.object({ role: z.string().min(1), billRate: moneySchema, minutes: minutes.nonnegative() }),
  ),
});
type ContractSignedV2 = z.infer<typeof contractSignedV2>;

/**
 * v1 → v2: the rate table is the estimate lines grouped by role (trimmed, case-insensitive),
 * hours summed. Where a v1 estimate priced one role twice at different rates, the role's first
 * line sets the contract rate (sales no longer accepts such an estimate).
 */
export function contractRatesFromLines(
  lines: ReadonlyArray<Pick<ContractSignedV1['estimateLines'][number], 'role' | 'minutes' | 'billRate'>>,
): ContractSignedV2['rates'] {
  const byRole = new Map<string, ContractSignedV2['rates'][number]>();
  for (const line of lines) {
    const key = roleKey(line.role);
    const held = byRole.get(key);
    if (held) held.minutes += line.minutes;
    else byRole.set(key, { role: line.role.trim(), billRate: line.billRate, minutes: line.minutes });
  }
  return [...byRole.values()];
}

/**
 * Every event the services exchange, at the version producers publish today. A breaking change
 * (a field removed, renamed, retyped or newly required) is a new version next to the old one,
 * never an edit in place: the old version moves to SUPERSEDED_EVENTS with an upcaster to the
 * next. A field added with a default (`.nullable().default(null)`) stays compatible both ways
 * and keeps the version. Consumers dead-letter versions they do not know.
 * Hours travel as whole minutes; money as integer minor units plus currency.
 */
export const EVENT_CATALOGUE = {
  /* sales */
  ClientCreated: define({
    producer: 'sales',
    version: 1,
    since: WAVE_1,
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
    version: 2,
    since: WAVE_2,
    description: 'An opportunity passed the review gate and its contract was signed, with its rate table.',
    payload: contractSignedV2,
    key: (p) => p.contractId,
  }),

  /* engagement */
  EngagementOpened: define({
    producer: 'engagement',
    version: 1,
    since: WAVE_1,
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
    since: WAVE_1,
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
    since: WAVE_1,
    description: 'A change order was approved: contract value, budget and schedule move.',
    payload: z.object({
      engagementId: uuid,
      changeOrderId: uuid,
      description: z.string(),
      amountDelta: moneySchema,
      minutesDelta: minutes,
      scheduleDeltaDays: z.number().int(),
      /** @since 0.2.0 — bill rates the change order adds to the contract's rate table. */
      rates: z.array(z.object({ role: z.string().min(1), billRate: moneySchema })).default([]),
      approvedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  EngagementClosed: define({
    producer: 'engagement',
    version: 1,
    since: WAVE_1,
    description: 'An engagement was closed after its review and projects completed.',
    payload: z.object({ engagementId: uuid, closedAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),

  /* project-delivery */
  TeamMemberUpserted: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_1,
    description: 'A team member was created or changed (name, roles, capacity, active).',
    payload: z.object({
      memberId: uuid,
      name: z.string(),
      email: z.string(),
      title: z.string().nullable(),
      roles: z.array(roleSchema),
      weeklyCapacityMinutes: minutes.nonnegative(),
      active: z.boolean(),
      /** @since 0.2.0 — the role the member works under where no allocation names one. */
      primaryRole: z.string().nullable().default(null),
      updatedAt: isoDateTime,
    }),
    key: (p) => p.memberId,
  }),
  AllocationChanged: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_1,
    description: 'Hours per week of a member on a project over a date range were set.',
    payload: z.object({
      allocationId: uuid,
      memberId: uuid,
      projectId: uuid,
      engagementId: uuid,
      minutesPerWeek: minutes.nonnegative(),
      from: isoDate,
      to: isoDate,
      /** @since 0.2.0 — the role the member works under on this project in the range. */
      role: z.string().nullable().default(null),
    }),
    key: (p) => p.engagementId,
  }),
  /** @since 1 — foresight: an allocation's full state on every change (status, release). */
  AllocationPlanned: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_2,
    description: 'An allocation was made, confirmed or released; the payload is its whole state.',
    payload: z.object({
      allocationId: uuid,
      memberId: uuid,
      projectId: uuid,
      engagementId: uuid,
      minutesPerWeek: minutes.positive(),
      from: isoDate,
      to: isoDate,
      /** The role worked under on this project in the range; null: the member's primary role. */
      role: z.string().nullable().default(null),
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
    since: WAVE_2,
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
    since: WAVE_2,
    description: 'Time off recorded earlier was cancelled.',
    payload: z.object({ timeOffId: uuid, memberId: uuid, cancelledAt: isoDateTime }),
    key: (p) => p.memberId,
  }),
  ProjectCreated: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_1,
    description:
      'A project was created for an engagement, with its budget and due date as entered (change orders carry their own deltas).',
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
    since: WAVE_1,
    description: 'A project kicked off (the kickoff was held).',
    payload: z.object({ projectId: uuid, engagementId: uuid, startedAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),
  ProjectCompleted: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_1,
    description: 'A project was completed.',
    payload: z.object({ projectId: uuid, engagementId: uuid, completedAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),
  ProjectCancelled: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_1,
    description: 'A project was cancelled.',
    payload: z.object({ projectId: uuid, engagementId: uuid, cancelledAt: isoDateTime }),
    key: (p) => p.engagementId,
  }),
  /**
   * @since 1 — foresight: a milestone's due date, so engagement sees lateness (schedule RAG).
   * Published again, same milestone with its new date, when an approved change order moves it:
   * the latest one per milestone is its due date (events of one engagement stay in order).
   */
  MilestonePlanned: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_2,
    description:
      'A milestone was planned on a project with its due date, or its due date moved (change order).',
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
    since: WAVE_1,
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
    since: WAVE_1,
    description: 'A time entry was logged.',
    payload: z.object({
      entryId: uuid,
      engagementId: uuid,
      projectId: uuid,
      memberId: uuid,
      date: isoDate,
      minutes: minutes.min(1).max(1440),
      billable: z.boolean(),
      /** @since 0.2.0 — the role the minutes were worked under (allocation's, else primary). */
      role: z.string().nullable().default(null),
      loggedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  TimeEntryCorrected: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_1,
    description: 'A time entry was corrected; the payload is its new state.',
    payload: z.object({
      entryId: uuid,
      engagementId: uuid,
      projectId: uuid,
      memberId: uuid,
      date: isoDate,
      minutes: minutes.min(1).max(1440),
      billable: z.boolean(),
      /** @since 0.2.0 — the role the minutes were worked under (allocation's, else primary). */
      role: z.string().nullable().default(null),
      correctedAt: isoDateTime,
    }),
    key: (p) => p.engagementId,
  }),
  TimeEntryDeleted: define({
    producer: 'delivery',
    version: 1,
    since: WAVE_1,
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

  /* accounting */
  MemberRateChanged: define({
    producer: 'accounting',
    version: 1,
    since: WAVE_1,
    description: 'A member’s cost and bill rates from a date were set.',
    payload: z.object({
      memberId: uuid,
      costRate: moneySchema,
      billRate: moneySchema,
      effectiveFrom: isoDate,
    }),
    key: (p) => p.memberId,
  }),
  RoleRateSet: define({
    producer: 'accounting',
    version: 1,
    since: WAVE_2,
    description: 'Finance set the cost and bill rates of a role (e.g. Developer) from a date.',
    payload: z.object({
      role: z.string().min(1),
      costRate: moneySchema,
      billRate: moneySchema,
      effectiveFrom: isoDate,
      setAt: isoDateTime,
    }),
    key: (p) => roleKey(p.role),
  }),
  EngagementActualsRecorded: define({
    producer: 'accounting',
    version: 1,
    since: WAVE_2,
    description:
      'An engagement closed: per role, the hours its contract estimated and the hours logged under that role.',
    payload: z.object({
      engagementId: uuid,
      clientId: uuid,
      /** The opportunity owner who sold the estimate (ContractSigned's seller); null if unknown. */
      estimatorId: uuid.nullable(),
      templateId: uuid.nullable().default(null),
      pricingModel: pricingModelSchema,
      closedAt: isoDateTime,
      roles: z.array(
        z.object({
          role: z.string().min(1),
          estimatedMinutes: minutes.nonnegative(),
          actualMinutes: minutes.nonnegative(),
        }),
      ),
    }),
    key: (p) => p.engagementId,
  }),
  MarginAlertRaised: define({
    producer: 'accounting',
    version: 1,
    since: WAVE_1,
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
    since: WAVE_1,
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
    since: WAVE_2,
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
    since: WAVE_2,
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
    since: WAVE_2,
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
    since: WAVE_2,
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
    since: WAVE_1,
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

interface SupersededDefinition<P extends z.ZodType, N> {
  since: string;
  description: string;
  payload: P;
  /** Turns this version's payload into the next version's. */
  upcast: (payload: z.infer<P>) => N;
}

const superseded = <P extends z.ZodType, N>(d: SupersededDefinition<P, N>) => d;

/** Older versions still readable from the topics, each with its upcaster to the next version. */
export const SUPERSEDED_EVENTS = {
  ContractSigned: {
    1: superseded({
      since: WAVE_1,
      description: 'An opportunity passed the review gate and its contract was signed.',
      payload: contractSignedV1,
      upcast: (p: ContractSignedV1): ContractSignedV2 => ({
        ...p,
        rates: contractRatesFromLines(p.estimateLines),
      }),
    }),
  },
} as const;

export type EventCatalogue = typeof EVENT_CATALOGUE;
export type EventType = keyof EventCatalogue;
/** The payload producers publish today (the current version). */
export type EventPayload<T extends EventType> = z.infer<EventCatalogue[T]['payload']>;
/** What a producer passes: fields with a default may be left out. */
export type EventPayloadInput<T extends EventType> = z.input<EventCatalogue[T]['payload']>;
type Superseded = typeof SUPERSEDED_EVENTS;
export type CurrentVersion<T extends EventType> = EventCatalogue[T]['version'];
/** Every version of a type that can be read: the current one and the superseded ones. */
export type EventVersion<T extends EventType> =
  CurrentVersion<T> | (T extends keyof Superseded ? Extract<keyof Superseded[T], number> : never);
export type EventPayloadAt<T extends EventType, V extends EventVersion<T>> =
  V extends CurrentVersion<T>
    ? EventPayload<T>
    : T extends keyof Superseded
      ? V extends keyof Superseded[T]
        ? Superseded[T][V] extends { payload: infer P extends z.ZodType }
          ? z.infer<P>
          : never
        : never
      : never;
export type EventsOf<P extends Producer> = {
  [T in EventType]: EventCatalogue[T]['producer'] extends P ? T : never;
}[EventType];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type);
}

/** One (type, version) of the catalogue. */
export interface EventVersionDefinition {
  type: EventType;
  version: number;
  since: string;
  description: string;
  payload: z.ZodType;
  /** To the next version; absent on the current one. */
  upcast?: (payload: unknown) => unknown;
}

/** The catalogue keyed by (type, version): `${type}@${version}`. */
export const EVENT_VERSIONS: ReadonlyMap<string, EventVersionDefinition> = (() => {
  const all = new Map<string, EventVersionDefinition>();
  for (const type of Object.keys(EVENT_CATALOGUE) as EventType[]) {
    const d = EVENT_CATALOGUE[type];
    all.set(`${type}@${d.version}`, {
      type,
      version: d.version,
      since: d.since,
      description: d.description,
      payload: d.payload,
    });
  }
  for (const [type, versions] of Object.entries(SUPERSEDED_EVENTS) as Array<
    [EventType, Record<number, SupersededDefinition<z.ZodType, unknown>>]
  >) {
    for (const [version, d] of Object.entries(versions)) {
      all.set(`${type}@${version}`, {
        type,
        version: Number(version),
        since: d.since,
        description: d.description,
        payload: d.payload,
        upcast: d.upcast as (payload: unknown) => unknown,
      });
    }
  }
  return all;
})();

export function eventVersion(type: EventType, version: number): EventVersionDefinition | undefined {
  return EVENT_VERSIONS.get(`${type}@${version}`);
}
