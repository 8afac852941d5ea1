import { addDaysToInstant } from './calendar';

export const HANDOFF_ITEMS = [
  'OWNER_ASSIGNED',
  'BRD_SIGNED_OFF',
  'SOW_SIGNED_OFF',
  'PLAN_DEFINED',
  'KICKOFF_HELD',
] as const;
export type HandoffItem = (typeof HANDOFF_ITEMS)[number];

/** When each handoff fact first happened; absent when it has not. */
export type HandoffFacts = Partial<Record<HandoffItem, Date>>;

export interface HandoffView {
  contractSignedAt: Date;
  checklist: Array<{ kind: HandoffItem; done: boolean; doneAt: Date | null }>;
  completedAt: Date | null;
  leadTimeHours: number | null;
  deadline: Date;
  overdue: boolean;
}

const HOUR_MS = 3_600_000;

/** Which handoff item a signed-off milestone completes (BRD, SOW, project plan), if any. */
export function handoffItemForMilestone(kind: string): HandoffItem | null {
  switch (kind) {
    case 'BRD':
      return 'BRD_SIGNED_OFF';
    case 'SOW':
      return 'SOW_SIGNED_OFF';
    case 'PROJECT_PLAN':
      return 'PLAN_DEFINED';
    default:
      return null;
  }
}

/**
 * The handoff as the facts tell it. Computed from stored facts only (never from the order the
 * events came in), so any delivery order and any duplicates give the same timeline.
 */
export function buildHandoff(
  contractSignedAt: Date,
  facts: HandoffFacts,
  deadlineDays: number,
  now: Date,
): HandoffView {
  const checklist = HANDOFF_ITEMS.map((kind) => {
    const doneAt = facts[kind] ?? null;
    return { kind, done: doneAt !== null, doneAt };
  });
  const allDone = checklist.every((item) => item.done);
  const completedAt = allDone
    ? new Date(Math.max(...checklist.map((item) => (item.doneAt as Date).getTime())))
    : null;
  const kickoff = facts.KICKOFF_HELD;
  const leadTimeHours = kickoff ? (kickoff.getTime() - contractSignedAt.getTime()) / HOUR_MS : null;
  const deadline = addDaysToInstant(contractSignedAt, deadlineDays);
  return {
    contractSignedAt,
    checklist,
    completedAt,
    leadTimeHours,
    deadline,
    overdue: !allDone && now.getTime() > deadline.getTime(),
  };
}

/** Nearest-rank percentile: the value at rank ⌈p/100 × n⌉ of the sorted values; null when none. */
export function nearestRank(values: readonly number[], percentile: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface HandoffReportFigures<K> {
  count: number;
  completed: number;
  medianLeadTimeHours: number | null;
  p90LeadTimeHours: number | null;
  overdue: K[];
}

export function summariseHandoffs<K>(
  handoffs: ReadonlyArray<{ key: K; handoff: HandoffView }>,
): HandoffReportFigures<K> {
  const leadTimes = handoffs.flatMap(({ handoff }) =>
    handoff.leadTimeHours === null ? [] : [handoff.leadTimeHours],
  );
  return {
    count: handoffs.length,
    completed: handoffs.filter(({ handoff }) => handoff.completedAt !== null).length,
    medianLeadTimeHours: nearestRank(leadTimes, 50),
    p90LeadTimeHours: nearestRank(leadTimes, 90),
    overdue: handoffs.filter(({ handoff }) => handoff.overdue).map(({ key }) => key),
  };
}
