import { DomainError } from '@platform/errors';
import {
  mayReadMargin,
  RISK_REASONS,
  visibleReasons,
  applyApprovedChangeOrder,
  assertMayClose,
  assertMayDecideChangeOrder,
  isAtRisk,
  openingStatus,
  statusAfterKickoff,
  statusAfterReview,
  validateChangeOrderRequest,
  validateRoleAssignment,
  validateSatisfaction,
} from './engagement-rules';
import { engagementIdForContract } from './engagement-id';

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const am = { id: 'am', roles: ['SALES'], active: true };
const dlv = { id: 'dlv', roles: ['DELIVERY'], active: true };

describe('engagement roles', () => {
  it('refuses the same person as account manager and delivery owner', () => {
    const error = caught(() =>
      validateRoleAssignment({
        accountManagerId: 'dlv',
        deliveryOwnerId: 'dlv',
        accountManager: dlv,
        deliveryOwner: dlv,
      }),
    );
    expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', 'input.deliveryOwnerId']);
  });

  it('refuses a delivery owner without the DELIVERY role', () => {
    const error = caught(() =>
      validateRoleAssignment({
        accountManagerId: 'dlv',
        deliveryOwnerId: 'am',
        accountManager: dlv,
        deliveryOwner: am,
      }),
    );
    expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', 'input.deliveryOwnerId']);
  });

  it('refuses unknown or inactive team members', () => {
    expect(
      caught(() =>
        validateRoleAssignment({
          accountManagerId: 'x',
          deliveryOwnerId: 'dlv',
          accountManager: null,
          deliveryOwner: dlv,
        }),
      ).field,
    ).toBe('input.accountManagerId');
    expect(
      caught(() =>
        validateRoleAssignment({
          accountManagerId: 'am',
          deliveryOwnerId: 'dlv',
          accountManager: am,
          deliveryOwner: { ...dlv, active: false },
        }),
      ).field,
    ).toBe('input.deliveryOwnerId');
    expect(() =>
      validateRoleAssignment({
        accountManagerId: 'am',
        deliveryOwnerId: 'dlv',
        accountManager: am,
        deliveryOwner: dlv,
      }),
    ).not.toThrow();
  });
});

describe('change orders', () => {
  const request = {
    description: ' more reports ',
    amountDelta: { minor: 100_00n, currency: 'EUR' },
    minutesDelta: -90,
    scheduleDeltaDays: 3,
  };

  it('refuses a change order in another currency than the contract', () => {
    const error = caught(() => validateChangeOrderRequest(request, 'USD'));
    expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', 'input.amountDelta.currency']);
  });

  it('refuses an empty description and accepts negative hours', () => {
    expect(caught(() => validateChangeOrderRequest({ ...request, description: '  ' }, 'EUR')).field).toBe(
      'input.description',
    );
    expect(validateChangeOrderRequest(request, 'EUR')).toEqual({ ...request, description: 'more reports' });
  });

  it('lets the delivery owner or an ADMIN decide, never the requester, and only once', () => {
    const base = {
      deciderId: 'dlv',
      deciderIsAdmin: false,
      deliveryOwnerId: 'dlv',
      requestedBy: 'seller',
      status: 'REQUESTED',
    };
    expect(() => assertMayDecideChangeOrder(base)).not.toThrow();
    expect(() =>
      assertMayDecideChangeOrder({ ...base, deciderId: 'admin', deciderIsAdmin: true }),
    ).not.toThrow();
    expect(caught(() => assertMayDecideChangeOrder({ ...base, deciderId: 'other' })).code).toBe('FORBIDDEN');
    expect(caught(() => assertMayDecideChangeOrder({ ...base, requestedBy: 'dlv' })).code).toBe('FORBIDDEN');
    expect(
      caught(() => assertMayDecideChangeOrder({ ...base, deciderIsAdmin: true, deciderId: 'seller' })).code,
    ).toBe('FORBIDDEN');
    expect(caught(() => assertMayDecideChangeOrder({ ...base, status: 'APPROVED' })).code).toBe('CONFLICT');
  });
});

describe('status moves', () => {
  it('moves HANDOFF to ACTIVE on kickoff and never moves a later status back', () => {
    expect(statusAfterKickoff('HANDOFF')).toBe('ACTIVE');
    expect(statusAfterKickoff('CLOSING')).toBe('CLOSING');
    expect(statusAfterKickoff('CLOSED')).toBe('CLOSED');
    expect(openingStatus(true)).toBe('ACTIVE');
    expect(openingStatus(false)).toBe('HANDOFF');
  });

  it('takes one review with satisfaction 1 to 5 and moves the engagement to CLOSING', () => {
    expect(caught(() => validateSatisfaction(0)).field).toBe('input.satisfaction');
    expect(caught(() => validateSatisfaction(6)).field).toBe('input.satisfaction');
    expect(statusAfterReview('ACTIVE', false)).toBe('CLOSING');
    expect(caught(() => statusAfterReview('CLOSING', true)).code).toBe('CONFLICT');
    expect(caught(() => statusAfterReview('CLOSED', false)).code).toBe('CONFLICT');
  });

  it('closes only with the review in and every known project finished, naming what is missing', () => {
    const error = caught(() =>
      assertMayClose({
        status: 'ACTIVE',
        hasReview: false,
        projects: [
          { projectId: 'p1', finished: false },
          { projectId: 'p2', finished: true },
        ],
      }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.details).toEqual({ missing: ['review', 'project:p1'] });
    expect(() =>
      assertMayClose({ status: 'CLOSING', hasReview: true, projects: [{ projectId: 'p2', finished: true }] }),
    ).not.toThrow();
    expect(caught(() => assertMayClose({ status: 'CLOSED', hasReview: true, projects: [] })).code).toBe(
      'CONFLICT',
    );
  });
});

describe('at risk', () => {
  it('is at risk while the latest alert is newer than the latest all-clear', () => {
    const t1 = new Date('2026-03-01T00:00:00Z');
    const t2 = new Date('2026-03-02T00:00:00Z');
    expect(isAtRisk(null, null)).toBe(false);
    expect(isAtRisk(t1, null)).toBe(true);
    expect(isAtRisk(t2, t1)).toBe(true);
    expect(isAtRisk(t1, t2)).toBe(false);
  });
});

describe('engagement id', () => {
  it('derives the same engagement id from the same contract, so a replay opens the same engagement', () => {
    const id = engagementIdForContract('4f2d8f4e-1c7a-4b7e-9a53-1f0f6a3b9c11');
    expect(id).toBe(engagementIdForContract('4F2D8F4E-1C7A-4B7E-9A53-1F0F6A3B9C11'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toBe(engagementIdForContract('4f2d8f4e-1c7a-4b7e-9a53-1f0f6a3b9c12'));
  });
});

describe('applyApprovedChangeOrder', () => {
  const plan = { startDate: '2026-03-01', endDate: '2026-06-30', budgetMinutes: 6000 };

  it('moves the end date and the budget by the deltas', () => {
    expect(applyApprovedChangeOrder(plan, { minutesDelta: 600, scheduleDeltaDays: 14 })).toEqual({
      endDate: '2026-07-14',
      budgetMinutes: 6600,
    });
    expect(applyApprovedChangeOrder(plan, { minutesDelta: -90, scheduleDeltaDays: -30 })).toEqual({
      endDate: '2026-05-31',
      budgetMinutes: 5910,
    });
  });

  it('never ends before the start nor takes the budget below zero', () => {
    expect(applyApprovedChangeOrder(plan, { minutesDelta: -9000, scheduleDeltaDays: -400 })).toEqual({
      endDate: '2026-03-01',
      budgetMinutes: 0,
    });
  });
});

describe('who may read an engagement’s margin in words (mayReadMargin, visibleReasons)', () => {
  const engagement = {
    accountManagerId: 'aaaaaaaa-0000-4000-8000-000000000001',
    deliveryOwnerId: 'dddddddd-0000-4000-8000-000000000002',
  };
  it('ADMIN, FINANCE, DELIVERY, the account manager and the delivery owner; not a MEMBER nor another SALES', () => {
    expect(mayReadMargin({ id: 'x', roles: ['ADMIN'] }, engagement)).toBe(true);
    expect(mayReadMargin({ id: 'x', roles: ['FINANCE'] }, engagement)).toBe(true);
    expect(mayReadMargin({ id: 'x', roles: ['DELIVERY'] }, engagement)).toBe(true);
    expect(mayReadMargin({ id: 'AAAAAAAA-0000-4000-8000-000000000001', roles: ['SALES'] }, engagement)).toBe(
      true,
    );
    expect(mayReadMargin({ id: 'dddddddd-0000-4000-8000-000000000002', roles: ['MEMBER'] }, engagement)).toBe(
      true,
    );
    expect(mayReadMargin({ id: 'x', roles: ['SALES'] }, engagement)).toBe(false);
    expect(mayReadMargin({ id: 'x', roles: ['MEMBER'] }, engagement)).toBe(false);
    expect(
      mayReadMargin({ id: 'x', roles: ['MEMBER'] }, { accountManagerId: null, deliveryOwnerId: null }),
    ).toBe(false);
  });
  it('keeps every reason for them and drops the two margin reasons for the others, in order', () => {
    const all = RISK_REASONS;
    expect(visibleReasons(all, true)).toEqual(all);
    expect(visibleReasons(all, false)).toEqual([
      'OVER_BUDGET',
      'BURN_AHEAD_OF_SCHEDULE',
      'FORECAST_OVER_BUDGET',
    ]);
  });
});
