import { DomainError } from '@platform/errors';
import {
  withoutMarginFacts,
  isStatusReportDue,
  milestoneDaysPastDue,
  suggestStatus,
  validateStatusReport,
  type StatusFacts,
} from './status-report';

const calm: StatusFacts = {
  reasons: [],
  handoffOverdue: false,
  milestoneDaysPastDue: null,
  changeOrdersAwaitingDecision: 0,
};

describe('suggested status (RAG) per rule', () => {
  it('suggests budget RED on OVER_BUDGET or FORECAST_OVER_BUDGET, AMBER on burn ahead or forecast margin', () => {
    expect(
      suggestStatus({ ...calm, reasons: ['FORECAST_OVER_BUDGET', 'BURN_AHEAD_OF_SCHEDULE'] }).budget,
    ).toEqual({
      rag: 'RED',
      facts: ['FORECAST_OVER_BUDGET', 'BURN_AHEAD_OF_SCHEDULE'],
    });
    expect(suggestStatus({ ...calm, reasons: ['OVER_BUDGET'] }).budget.rag).toBe('RED');
    expect(suggestStatus({ ...calm, reasons: ['FORECAST_MARGIN_BELOW_THRESHOLD'] }).budget.rag).toBe('AMBER');
    expect(suggestStatus({ ...calm, reasons: ['BURN_AHEAD_OF_SCHEDULE'] }).budget.rag).toBe('AMBER');
    // A current margin under the threshold is not a budget colour by the rules.
    expect(suggestStatus({ ...calm, reasons: ['MARGIN_BELOW_THRESHOLD'] }).budget.rag).toBe('GREEN');
  });

  it('suggests schedule RED past 7 days late or with the handoff overdue, AMBER when a milestone is past due', () => {
    expect(suggestStatus({ ...calm, milestoneDaysPastDue: 7 }).schedule).toEqual({
      rag: 'AMBER',
      facts: ['MILESTONE_PAST_DUE_7_DAYS'],
    });
    expect(suggestStatus({ ...calm, milestoneDaysPastDue: 8 }).schedule.rag).toBe('RED');
    expect(suggestStatus({ ...calm, handoffOverdue: true }).schedule).toEqual({
      rag: 'RED',
      facts: ['HANDOFF_OVERDUE'],
    });
    expect(suggestStatus(calm).schedule).toEqual({ rag: 'GREEN', facts: [] });
  });

  it('suggests scope AMBER with a change order awaiting decision, RED with more than two', () => {
    expect(suggestStatus({ ...calm, changeOrdersAwaitingDecision: 2 }).scope.rag).toBe('AMBER');
    expect(suggestStatus({ ...calm, changeOrdersAwaitingDecision: 3 }).scope).toEqual({
      rag: 'RED',
      facts: ['CHANGE_ORDERS_AWAITING_DECISION_3'],
    });
  });

  it('refuses a colour other than the suggestion without a reason (BAD_USER_INPUT on input.reason)', () => {
    const suggested = suggestStatus({ ...calm, reasons: ['FORECAST_OVER_BUDGET'] });
    const report = { schedule: 'GREEN', budget: 'AMBER', scope: 'GREEN', summary: 'On track' } as const;
    const call = () => validateStatusReport(report, suggested);
    expect(call).toThrow(DomainError);
    expect(call).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.reason' }));
    expect(validateStatusReport({ ...report, reason: 'Client pays the overrun' }, suggested).budget).toBe(
      'AMBER',
    );
    expect(validateStatusReport({ ...report, budget: 'RED' }, suggested).reason).toBeNull();
  });

  it('makes an ACTIVE engagement due a report 7 days after the last one', () => {
    const now = new Date('2026-03-20T12:00:00Z');
    expect(isStatusReportDue('ACTIVE', null, now)).toBe(true);
    expect(isStatusReportDue('ACTIVE', new Date('2026-03-13T12:00:00Z'), now)).toBe(false);
    expect(isStatusReportDue('ACTIVE', new Date('2026-03-13T11:59:59Z'), now)).toBe(true);
    expect(isStatusReportDue('HANDOFF', null, now)).toBe(false);
  });
});

describe('milestone lateness for the schedule colour', () => {
  const open = (dueDate: string) => ({ dueDate, signedOff: false, projectCancelled: false });

  it('counts the days the most overdue open milestone is past due (2026-03-10 − 2026-03-02 = 8)', () => {
    expect(
      milestoneDaysPastDue([open('2026-03-09'), open('2026-03-02'), open('2026-03-20')], '2026-03-10'),
    ).toBe(8);
    // Due today is not past due; due yesterday is 1 day past due.
    expect(milestoneDaysPastDue([open('2026-03-10')], '2026-03-10')).toBeNull();
    expect(milestoneDaysPastDue([open('2026-03-09')], '2026-03-10')).toBe(1);
  });

  it('ignores signed-off milestones, those of cancelled projects and those without a known due date', () => {
    expect(
      milestoneDaysPastDue(
        [
          { dueDate: '2026-03-01', signedOff: true, projectCancelled: false },
          { dueDate: '2026-03-01', signedOff: false, projectCancelled: true },
          { dueDate: null, signedOff: false, projectCancelled: false },
        ],
        '2026-03-10',
      ),
    ).toBeNull();
  });

  it('turns the schedule AMBER at 1 to 7 days past due and RED at 8 (more than 7)', () => {
    const schedule = (due: string) =>
      suggestStatus({ ...calm, milestoneDaysPastDue: milestoneDaysPastDue([open(due)], '2026-03-10') })
        .schedule.rag;
    expect(schedule('2026-03-10')).toBe('GREEN'); // 0 days
    expect(schedule('2026-03-09')).toBe('AMBER'); // 1 day
    expect(schedule('2026-03-03')).toBe('AMBER'); // 7 days
    expect(schedule('2026-03-02')).toBe('RED'); // 8 days > 7
  });
});

describe('a filed suggestion read without margin (withoutMarginFacts)', () => {
  const green = { rag: 'GREEN' as const, facts: [] };
  const status = (rag: 'GREEN' | 'AMBER' | 'RED', facts: string[]) => ({
    schedule: green,
    budget: { rag, facts },
    scope: green,
  });
  it('takes the margin facts out and gives the budget the colour the facts left give', () => {
    // AMBER for the forecast margin alone → GREEN; AMBER for burn and margin → AMBER for burn;
    // RED for forecast over budget (and margin) → RED; nothing of margin → unchanged.
    expect(withoutMarginFacts(status('AMBER', ['FORECAST_MARGIN_BELOW_THRESHOLD']))).toEqual(
      status('GREEN', []),
    );
    expect(
      withoutMarginFacts(status('AMBER', ['BURN_AHEAD_OF_SCHEDULE', 'FORECAST_MARGIN_BELOW_THRESHOLD'])),
    ).toEqual(status('AMBER', ['BURN_AHEAD_OF_SCHEDULE']));
    expect(
      withoutMarginFacts(status('RED', ['FORECAST_OVER_BUDGET', 'FORECAST_MARGIN_BELOW_THRESHOLD'])),
    ).toEqual(status('RED', ['FORECAST_OVER_BUDGET']));
    const burn = status('AMBER', ['BURN_AHEAD_OF_SCHEDULE']);
    expect(withoutMarginFacts(burn)).toBe(burn);
  });
});
