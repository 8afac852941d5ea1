import { badInput } from '@platform/errors';
import { MARGIN_REASONS, type RiskReason } from './engagement-rules';

export type Rag = 'GREEN' | 'AMBER' | 'RED';
export type StatusDimension = 'schedule' | 'budget' | 'scope';

export interface StatusFacts {
  /** Accounting's risk reasons that hold now. */
  reasons: readonly RiskReason[];
  handoffOverdue: boolean;
  /** Days the most overdue open milestone is past due (null: none past due, or not known here). */
  milestoneDaysPastDue: number | null;
  changeOrdersAwaitingDecision: number;
}

export interface MilestoneLateness {
  dueDate: string | null;
  signedOff: boolean;
  projectCancelled: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Days the most overdue milestone is past due on `today` (a UTC date): open milestones only (not
 * signed off, project not cancelled), due before today. Null when none is past due. A milestone
 * due 2026-03-02 is 1 day past due on 2026-03-03 and 8 on 2026-03-10.
 */
export function milestoneDaysPastDue(milestones: readonly MilestoneLateness[], today: string): number | null {
  let worst: number | null = null;
  for (const m of milestones) {
    if (m.signedOff || m.projectCancelled || m.dueDate === null) continue;
    const late = Math.round(
      (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${m.dueDate}T00:00:00Z`)) / DAY_MS,
    );
    if (late > 0 && (worst === null || late > worst)) worst = late;
  }
  return worst;
}

export interface RagSuggestion {
  rag: Rag;
  /** The facts behind the colour, in words (never a figure a reader may not see). */
  facts: string[];
}

export type SuggestedStatus = Record<StatusDimension, RagSuggestion>;

const suggestion = (rag: Rag, facts: string[]): RagSuggestion => ({ rag, facts });

/**
 * A suggestion as a reader who may not read margin sees it: the margin facts gone and the budget
 * colour given by the facts left (as suggestStatus would have given it without them), so the
 * colour does not tell what was taken out.
 */
export function withoutMarginFacts(suggested: SuggestedStatus): SuggestedStatus {
  const facts = suggested.budget.facts.filter((f) => !(MARGIN_REASONS as readonly string[]).includes(f));
  if (facts.length === suggested.budget.facts.length) return suggested;
  const red = facts.some((f) => f === 'OVER_BUDGET' || f === 'FORECAST_OVER_BUDGET');
  const budget = suggestion(red ? 'RED' : facts.length > 0 ? 'AMBER' : 'GREEN', facts);
  return { ...suggested, budget };
}

/**
 * The RAG the rules give (ARCHITECTURE.md, "Status reports"): budget RED on OVER_BUDGET or
 * FORECAST_OVER_BUDGET, AMBER on BURN_AHEAD_OF_SCHEDULE or FORECAST_MARGIN_BELOW_THRESHOLD;
 * schedule RED when a milestone is more than 7 days past due or the handoff is overdue, AMBER
 * when a milestone is past due; scope AMBER with a change order awaiting decision, RED with
 * more than two.
 */
export function suggestStatus(facts: StatusFacts): SuggestedStatus {
  const has = (r: RiskReason) => facts.reasons.includes(r);
  const redBudget = (['OVER_BUDGET', 'FORECAST_OVER_BUDGET'] as const).filter(has);
  const amberBudget = (['BURN_AHEAD_OF_SCHEDULE', 'FORECAST_MARGIN_BELOW_THRESHOLD'] as const).filter(has);
  const budget =
    redBudget.length > 0
      ? suggestion('RED', [...redBudget, ...amberBudget])
      : amberBudget.length > 0
        ? suggestion('AMBER', [...amberBudget])
        : suggestion('GREEN', []);

  const scheduleFacts: string[] = [];
  if (facts.handoffOverdue) scheduleFacts.push('HANDOFF_OVERDUE');
  const late = facts.milestoneDaysPastDue;
  if (late !== null && late > 0) scheduleFacts.push(`MILESTONE_PAST_DUE_${late}_DAYS`);
  const schedule =
    facts.handoffOverdue || (late !== null && late > 7)
      ? suggestion('RED', scheduleFacts)
      : late !== null && late > 0
        ? suggestion('AMBER', scheduleFacts)
        : suggestion('GREEN', []);

  const pending = facts.changeOrdersAwaitingDecision;
  const scopeFacts = pending > 0 ? [`CHANGE_ORDERS_AWAITING_DECISION_${pending}`] : [];
  const scope =
    pending > 2
      ? suggestion('RED', scopeFacts)
      : pending > 0
        ? suggestion('AMBER', scopeFacts)
        : suggestion('GREEN', []);
  return { schedule, budget, scope };
}

export interface StatusReportInput {
  schedule: Rag;
  budget: Rag;
  scope: Rag;
  summary: string;
  nextSteps?: string | null;
  reason?: string | null;
}

export interface ValidStatusReport {
  schedule: Rag;
  budget: Rag;
  scope: Rag;
  summary: string;
  nextSteps: string | null;
  reason: string | null;
}

const MAX_TEXT = 4000;

/** A colour other than the suggestion needs a reason (BAD_USER_INPUT on input.reason naming it). */
export function validateStatusReport(
  input: StatusReportInput,
  suggested: SuggestedStatus,
): ValidStatusReport {
  const summary = input.summary.trim();
  if (summary.length === 0) throw badInput('input.summary', 'a status report needs a summary');
  if (summary.length > MAX_TEXT) throw badInput('input.summary', `at most ${MAX_TEXT} characters`);
  const nextSteps = input.nextSteps?.trim() || null;
  if (nextSteps && nextSteps.length > MAX_TEXT)
    throw badInput('input.nextSteps', `at most ${MAX_TEXT} characters`);
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > MAX_TEXT) throw badInput('input.reason', `at most ${MAX_TEXT} characters`);
  const overridden = (['schedule', 'budget', 'scope'] as const).filter((d) => input[d] !== suggested[d].rag);
  if (overridden.length > 0 && !reason) {
    throw badInput(
      'input.reason',
      `give a reason for ${overridden.map((d) => `${d} ${input[d]} (suggested ${suggested[d].rag})`).join(', ')}`,
    );
  }
  return { schedule: input.schedule, budget: input.budget, scope: input.scope, summary, nextSteps, reason };
}

export const STATUS_REPORT_CADENCE_DAYS = 7;

/** An ACTIVE engagement without a report in the last 7 days is due one. */
export function isStatusReportDue(status: string, lastSubmittedAt: Date | null, now: Date): boolean {
  if (status !== 'ACTIVE') return false;
  if (!lastSubmittedAt) return true;
  return now.getTime() - lastSubmittedAt.getTime() > STATUS_REPORT_CADENCE_DAYS * 86_400_000;
}
