import { addDays, daysBetween } from '@platform/domain-kit';

export const MILESTONE_KINDS = [
  'BRD',
  'SOW',
  'PROJECT_PLAN',
  'IMPLEMENTATION',
  'POST_IMPLEMENTATION_REVIEW',
  'CUSTOM',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/**
 * The standard deliverables of a project and where each falls due, as a share of the days
 * from start to due date: the documents that gate kickoff early, implementation near the end,
 * the review on the due date itself.
 */
export const STANDARD_MILESTONES: ReadonlyArray<{ kind: MilestoneKind; name: string; percent: number }> = [
  { kind: 'BRD', name: 'Business requirements document', percent: 10 },
  { kind: 'SOW', name: 'Statement of work', percent: 20 },
  { kind: 'PROJECT_PLAN', name: 'Project plan', percent: 30 },
  { kind: 'IMPLEMENTATION', name: 'Implementation', percent: 90 },
  { kind: 'POST_IMPLEMENTATION_REVIEW', name: 'Post-implementation review', percent: 100 },
];

export interface PlannedMilestone {
  kind: MilestoneKind;
  name: string;
  dueDate: string;
}

/** Due date of each standard milestone: start + round_half_up(span × percent / 100) days. */
export function standardMilestones(startDate: string, dueDate: string): PlannedMilestone[] {
  const span = daysBetween(startDate, dueDate);
  return STANDARD_MILESTONES.map(({ kind, name, percent }) => ({
    kind,
    name,
    dueDate: addDays(startDate, Math.floor((span * percent + 50) / 100)),
  }));
}
