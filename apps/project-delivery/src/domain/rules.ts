import { badInput, conflict } from '@platform/errors';
import { addDays, minutesFromHours, type Role } from '@platform/domain-kit';
import { addNonNegative } from '@platform/money';

export type ProjectStatus = 'PLANNED' | 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
export type MilestoneStatus = 'OPEN' | 'DELIVERED' | 'SIGNED_OFF';

export const MAX_WEEKLY_MINUTES = 168 * 60;
export const MAX_DAY_MINUTES = 1440;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_NAME_LENGTH = 200;

// Deliberately loose: one "@", something on each side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requiredName(value: string, field: string): string {
  const name = value.trim();
  if (name.length === 0) throw badInput(field, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw badInput(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}

export function validEmail(value: string, field: string): string {
  const email = value.trim();
  if (!EMAIL.test(email) || email.length > 320) throw badInput(field, 'must be a valid email address');
  return email;
}

export function weeklyCapacityMinutes(hours: number, field: string): number {
  const minutes = minutesFromHours(hours, field, { allowZero: true });
  if (minutes > MAX_WEEKLY_MINUTES) throw badInput(field, 'a week has at most 168 hours');
  return minutes;
}

export function atLeastOneRole(roles: readonly Role[], field: string): Role[] {
  if (roles.length === 0) throw badInput(field, 'at least one role is required');
  return [...new Set(roles)];
}

export function optionalTitle(value: string | null | undefined): string | null {
  const title = value?.trim() ?? '';
  return title.length === 0 ? null : title;
}

/** One entry, and one member-day in total, hold between 1 and 1440 whole minutes. */
export function entryMinutes(minutes: number, field: string): number {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_DAY_MINUTES) {
    throw badInput(field, `minutes must be a whole number from 1 to ${MAX_DAY_MINUTES}`);
  }
  return minutes;
}

export function dayTotalWithin(otherMinutesThatDay: number, minutes: number, field: string): void {
  if (otherMinutesThatDay + minutes > MAX_DAY_MINUTES) {
    throw badInput(
      field,
      `a member logs at most ${MAX_DAY_MINUTES} minutes a day; ${otherMinutesThatDay} are already logged that day`,
    );
  }
}

export function notInFuture(date: string, today: string, field: string): void {
  if (date > today) throw badInput(field, `time cannot be logged for a date after today (${today}, UTC)`);
}

export function optionalNote(note: string | null | undefined, field: string): string | null {
  if (note === null || note === undefined || note.trim() === '') return null;
  if (note.length > MAX_NOTE_LENGTH) throw badInput(field, `must be at most ${MAX_NOTE_LENGTH} characters`);
  return note;
}

export function dateOrder(from: string, to: string, field: string, what = 'start date'): void {
  if (from > to) throw badInput(field, `must not be before the ${what} (${from})`);
}

export const isOpenForWork = (status: ProjectStatus): boolean => status === 'PLANNED' || status === 'ACTIVE';

export type ProjectMove = 'start' | 'complete' | 'cancel';

const MOVES: Record<ProjectMove, { from: readonly ProjectStatus[]; to: ProjectStatus }> = {
  start: { from: ['PLANNED'], to: 'ACTIVE' },
  complete: { from: ['ACTIVE'], to: 'COMPLETED' },
  cancel: { from: ['PLANNED', 'ACTIVE'], to: 'CANCELLED' },
};

/** The project lifecycle: PLANNED → ACTIVE → COMPLETED, and PLANNED/ACTIVE → CANCELLED. */
export function nextProjectStatus(current: ProjectStatus, move: ProjectMove): ProjectStatus {
  const rule = MOVES[move];
  if (!rule.from.includes(current)) {
    throw conflict(`cannot ${move} a project that is ${current} (needs ${rule.from.join(' or ')})`);
  }
  return rule.to;
}

const MILESTONE_MOVES = {
  deliver: { from: 'OPEN', to: 'DELIVERED' },
  signOff: { from: 'DELIVERED', to: 'SIGNED_OFF' },
} as const satisfies Record<string, { from: MilestoneStatus; to: MilestoneStatus }>;

/** A milestone is delivered, then the client signs it off; never skipped, never undone. */
export function nextMilestoneStatus(
  current: MilestoneStatus,
  move: keyof typeof MILESTONE_MOVES,
): MilestoneStatus {
  const rule = MILESTONE_MOVES[move];
  if (current !== rule.from) {
    throw conflict(`cannot ${move === 'deliver' ? 'deliver' : 'sign off'} a milestone that is ${current}`);
  }
  return rule.to;
}

/**
 * Applies an approved change order to a project: budget minutes and due date move by the
 * deltas. A shrinking order never takes the budget below zero nor the due date before the start.
 */
export function applyChangeOrder(
  project: { budgetMinutes: number; startDate: string; dueDate: string },
  change: { minutesDelta: number; scheduleDeltaDays: number },
): { budgetMinutes: number; dueDate: string } {
  const budgetMinutes = addNonNegative(project.budgetMinutes, change.minutesDelta);
  const shifted = addDays(project.dueDate, change.scheduleDeltaDays);
  return { budgetMinutes, dueDate: shifted < project.startDate ? project.startDate : shifted };
}

/**
 * Where an approved change order moves a milestone not yet signed off of the project it is applied
 * to: its due date shifts by the schedule delta, like the project's. A shrinking order never takes
 * it before the project's start (a milestone already due before the start keeps its date).
 */
export function movedMilestoneDue(
  milestone: { dueDate: string },
  project: { startDate: string },
  change: { scheduleDeltaDays: number },
): string {
  const shifted = addDays(milestone.dueDate, change.scheduleDeltaDays);
  if (change.scheduleDeltaDays >= 0 || shifted >= project.startDate) return shifted;
  return milestone.dueDate < project.startDate ? milestone.dueDate : project.startDate;
}

/**
 * A work role such as "Developer" (the role rate card's names; not an access role): trimmed,
 * 1..100 characters; null or blank means none.
 */
export function optionalRole(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const role = value.trim();
  if (role.length > 100) throw badInput(field, 'a role name has at most 100 characters');
  return role;
}
