import { addDays, overlap, workingDaysBetween } from './calendar';

export interface CandidateMember {
  id: string;
  name: string;
  roles: readonly string[];
  weeklyCapacityMinutes: number;
  active: boolean;
}

export interface AllocationSlice {
  memberId: string;
  minutesPerWeek: number;
  from: string;
  to: string;
}

export interface TimeOffSlice {
  memberId: string;
  minutesPerDay: number;
  from: string;
  to: string;
}

export interface OwnerSuggestion {
  memberId: string;
  capacityHours: number;
  availableHours: number;
  activeEngagements: number;
  score: number;
}

export interface OwnerSuggestionInput {
  /** The engagement's dates. */
  period: { from: string; to: string };
  members: readonly CandidateMember[];
  allocations: readonly AllocationSlice[];
  /** Time off not cancelled (delivery's TimeOffRecorded / TimeOffCancelled). */
  timeOff?: readonly TimeOffSlice[];
  /** Engagements not closed where the member is the delivery owner. */
  activeEngagements: ReadonlyMap<string, number>;
  first: number;
}

/** Weekly minutes pro rata over the working days (Mon–Fri) of a range: weekly × days / 5. */
export const minutesOverWorkingDays = (minutesPerWeek: number, from: string, to: string) =>
  (minutesPerWeek * workingDaysBetween(from, to)) / 5;

/**
 * Minutes a member cannot take on over the period: on each working day, the larger of what is
 * allocated (weekly / 5) and the time off (at most the day's capacity), because time off removes
 * capacity and the allocated hours on those days do not happen (ARCHITECTURE.md, "Foresight"):
 * available = (capacity − off) − max(0, allocated − off) = capacity − max(allocated, off).
 * Computed per stretch of days over which nothing changes, never day by day; in fifths of a
 * minute (weekly minutes per working day), so sums stay exact.
 */
export function unavailableMinutes(
  period: { from: string; to: string },
  weeklyCapacityMinutes: number,
  allocations: readonly AllocationSlice[],
  timeOff: readonly TimeOffSlice[],
): number {
  const cuts = new Set<string>([period.from, addDays(period.to, 1)]);
  const inside = (d: string) => d > period.from && d <= period.to;
  for (const r of [...allocations, ...timeOff]) {
    if (inside(r.from)) cuts.add(r.from);
    if (inside(addDays(r.to, 1))) cuts.add(addDays(r.to, 1));
  }
  const bounds = [...cuts].sort();
  let fifths = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i];
    const to = addDays(bounds[i + 1], -1);
    const days = workingDaysBetween(from, to);
    if (days === 0) continue;
    const covers = (r: { from: string; to: string }) => r.from <= from && r.to >= to;
    const allocated = allocations.filter(covers).reduce((sum, a) => sum + a.minutesPerWeek, 0);
    const off = Math.min(
      weeklyCapacityMinutes,
      timeOff.filter(covers).reduce((sum, t) => sum + t.minutesPerDay * 5, 0),
    );
    fifths += Math.max(allocated, off) * days;
  }
  return fifths / 5;
}

/**
 * Ranks active DELIVERY-role members as delivery owners: score = available / max(1, capacity)
 * × 100 − 10 × active engagements (hours over the engagement's dates; available net of
 * allocations and time off, see unavailableMinutes). A member with no room
 * (available ≤ 0) always ranks below one with room, whatever the scores.
 */
export function suggestOwners(input: OwnerSuggestionInput): OwnerSuggestion[] {
  const { period } = input;
  const clip = <T extends { memberId: string; from: string; to: string }>(rows: readonly T[]) => {
    const byMember = new Map<string, T[]>();
    for (const row of rows) {
      const common = overlap(period, row);
      if (!common) continue;
      byMember.set(row.memberId, [...(byMember.get(row.memberId) ?? []), { ...row, ...common }]);
    }
    return byMember;
  };
  const allocationsOf = clip(input.allocations);
  const timeOffOf = clip(input.timeOff ?? []);
  const suggestions = input.members
    .filter((member) => member.active && member.roles.includes('DELIVERY'))
    .map((member) => {
      const capacityMinutes = minutesOverWorkingDays(member.weeklyCapacityMinutes, period.from, period.to);
      const availableMinutes =
        capacityMinutes -
        unavailableMinutes(
          period,
          member.weeklyCapacityMinutes,
          allocationsOf.get(member.id) ?? [],
          timeOffOf.get(member.id) ?? [],
        );
      const capacityHours = capacityMinutes / 60;
      const availableHours = availableMinutes / 60;
      const activeEngagements = input.activeEngagements.get(member.id) ?? 0;
      const score = (availableHours / Math.max(1, capacityHours)) * 100 - 10 * activeEngagements;
      return {
        member,
        suggestion: { memberId: member.id, capacityHours, availableHours, activeEngagements, score },
      };
    });
  suggestions.sort((a, b) => {
    const roomA = a.suggestion.availableHours > 0 ? 1 : 0;
    const roomB = b.suggestion.availableHours > 0 ? 1 : 0;
    if (roomA !== roomB) return roomB - roomA;
    if (a.suggestion.score !== b.suggestion.score) return b.suggestion.score - a.suggestion.score;
    return a.member.name.localeCompare(b.member.name) || a.member.id.localeCompare(b.member.id);
  });
  return suggestions.slice(0, Math.max(0, input.first)).map((s) => s.suggestion);
}
