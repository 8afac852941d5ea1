import { overlap, workingDaysBetween } from './calendar';

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
  /** Engagements not closed where the member is the delivery owner. */
  activeEngagements: ReadonlyMap<string, number>;
  first: number;
}

/** Weekly minutes pro rata over the working days (Mon–Fri) of a range: weekly × days / 5. */
export const minutesOverWorkingDays = (minutesPerWeek: number, from: string, to: string) =>
  (minutesPerWeek * workingDaysBetween(from, to)) / 5;

/**
 * Ranks active DELIVERY-role members as delivery owners: score = available / max(1, capacity)
 * × 100 − 10 × active engagements (hours over the engagement's dates). A member with no room
 * (available ≤ 0) always ranks below one with room, whatever the scores.
 */
export function suggestOwners(input: OwnerSuggestionInput): OwnerSuggestion[] {
  const { period } = input;
  const allocatedMinutes = new Map<string, number>();
  for (const allocation of input.allocations) {
    const common = overlap(period, allocation);
    if (!common) continue;
    const minutes = minutesOverWorkingDays(allocation.minutesPerWeek, common.from, common.to);
    allocatedMinutes.set(allocation.memberId, (allocatedMinutes.get(allocation.memberId) ?? 0) + minutes);
  }
  const suggestions = input.members
    .filter((member) => member.active && member.roles.includes('DELIVERY'))
    .map((member) => {
      const capacityMinutes = minutesOverWorkingDays(member.weeklyCapacityMinutes, period.from, period.to);
      const availableMinutes = capacityMinutes - (allocatedMinutes.get(member.id) ?? 0);
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
