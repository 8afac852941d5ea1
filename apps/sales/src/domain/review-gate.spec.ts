import { signingBlockers, stageAfterReview, type GateReview, type GateState } from './review-gate';

const owner = 'owner';
const estimate = (revision: number, marginPercent: number | null = 35) => ({
  revision,
  hasPrice: true,
  hasDates: true,
  hasScope: true,
  marginPercent,
  startDate: '2026-12-01',
  rolesWithoutCostRate: [] as string[],
});
const review = (
  reviewerId: string,
  discipline: GateReview['discipline'],
  decision: GateReview['decision'],
  estimateRevision: number,
): GateReview => ({ reviewerId, discipline, decision, estimateRevision });

const state = (overrides: Partial<GateState> = {}): GateState => ({
  stage: 'IN_REVIEW',
  ownerId: owner,
  signed: false,
  estimate: estimate(3),
  reviews: [],
  marginThresholdPercent: 20,
  ...overrides,
});

describe('review gate', () => {
  it('refuses to sign without an estimate', () => {
    expect(signingBlockers(state({ stage: 'QUALIFYING', estimate: null }))).toEqual(['No estimate yet']);
  });

  it('refuses to sign without a delivery approval of the current estimate', () => {
    expect(signingBlockers(state())).toEqual(['Needs a DELIVERY approval of estimate revision 3']);
  });

  it('lets a healthy-margin estimate with a delivery approval of the current revision be signed', () => {
    expect(signingBlockers(state({ reviews: [review('d1', 'DELIVERY', 'APPROVED', 3)] }))).toEqual([]);
  });

  it('voids approvals of earlier revisions when the estimate changed', () => {
    expect(signingBlockers(state({ reviews: [review('d1', 'DELIVERY', 'APPROVED', 2)] }))).toEqual([
      'Needs a DELIVERY approval of estimate revision 3',
    ]);
  });

  it('never counts an approval by the opportunity owner', () => {
    expect(signingBlockers(state({ reviews: [review(owner, 'DELIVERY', 'APPROVED', 3)] }))).toEqual([
      'Needs a DELIVERY approval of estimate revision 3',
    ]);
  });

  it('needs a finance approval too when the estimated margin is under the threshold', () => {
    const thin = state({ estimate: estimate(3, 12.5), reviews: [review('d1', 'DELIVERY', 'APPROVED', 3)] });
    expect(signingBlockers(thin)).toEqual([
      'Estimated margin 12.5% is under 20%: needs a FINANCE approval of revision 3',
    ]);
    expect(
      signingBlockers({ ...thin, reviews: [...thin.reviews, review('f1', 'FINANCE', 'APPROVED', 3)] }),
    ).toEqual([]);
  });

  it('does not need finance at exactly the threshold, and reads the threshold from the state', () => {
    const delivered = [review('d1', 'DELIVERY', 'APPROVED', 3)];
    expect(signingBlockers(state({ estimate: estimate(3, 20), reviews: delivered }))).toEqual([]);
    expect(
      signingBlockers(state({ estimate: estimate(3, 20), reviews: delivered, marginThresholdPercent: 25 })),
    ).toEqual(['Estimated margin 20% is under 25%: needs a FINANCE approval of revision 3']);
  });

  it('needs a finance approval when the margin is unknown because the price is 0', () => {
    expect(
      signingBlockers(
        state({ estimate: estimate(1, null), reviews: [review('d1', 'DELIVERY', 'APPROVED', 1)] }),
      ),
    ).toEqual(['Estimated margin is unknown at a price of 0: needs a FINANCE approval of revision 1']);
  });

  it('lists every missing approval at once', () => {
    expect(signingBlockers(state({ estimate: estimate(3, 5) }))).toEqual([
      'Needs a DELIVERY approval of estimate revision 3',
      'Estimated margin 5% is under 20%: needs a FINANCE approval of revision 3',
    ]);
  });

  it('lets a reviewer’s later word on the same revision replace their earlier one', () => {
    const changed = [
      review('d1', 'DELIVERY', 'APPROVED', 3),
      review('d1', 'DELIVERY', 'CHANGES_REQUESTED', 3),
    ];
    expect(signingBlockers(state({ reviews: changed }))).toEqual([
      'Needs a DELIVERY approval of estimate revision 3',
    ]);
    const approvedAfterAll = [
      review('d1', 'DELIVERY', 'REJECTED', 3),
      review('d1', 'DELIVERY', 'APPROVED', 3),
    ];
    expect(signingBlockers(state({ reviews: approvedAfterAll }))).toEqual([]);
  });

  it('is blocked while another delivery reviewer rejects the current revision', () => {
    const split = [review('d1', 'DELIVERY', 'APPROVED', 3), review('d2', 'DELIVERY', 'REJECTED', 3)];
    expect(signingBlockers(state({ reviews: split }))).toEqual([
      'Needs a DELIVERY approval of estimate revision 3',
    ]);
  });

  it('does not let a finance approval stand in for a delivery one', () => {
    expect(signingBlockers(state({ reviews: [review('f1', 'FINANCE', 'APPROVED', 3)] }))).toEqual([
      'Needs a DELIVERY approval of estimate revision 3',
    ]);
  });

  it('needs an estimate with price, dates and scope', () => {
    const incomplete = { ...estimate(3), hasDates: false, hasScope: false };
    expect(
      signingBlockers(state({ estimate: incomplete, reviews: [review('d1', 'DELIVERY', 'APPROVED', 3)] })),
    ).toEqual(['The estimate has no start and end dates', 'The estimate has no scope']);
  });

  it('cannot sign a lost opportunity, nor sign twice', () => {
    const approved = [review('d1', 'DELIVERY', 'APPROVED', 3)];
    expect(signingBlockers(state({ stage: 'LOST', reviews: approved }))).toEqual(['Opportunity is lost']);
    expect(signingBlockers(state({ stage: 'WON', signed: true, reviews: approved }))).toEqual([
      'Already signed',
    ]);
  });

  it('moves to APPROVED when the approvals hold after a review, and back to IN_REVIEW when one is withdrawn', () => {
    const approved = [review('d1', 'DELIVERY', 'APPROVED', 3)];
    expect(stageAfterReview(state({ reviews: approved }))).toBe('APPROVED');
    expect(stageAfterReview(state({ reviews: [] }))).toBe('IN_REVIEW');
    const withdrawn = [...approved, review('d1', 'DELIVERY', 'REJECTED', 3)];
    expect(stageAfterReview(state({ stage: 'APPROVED', reviews: withdrawn }))).toBe('IN_REVIEW');
  });

  describe('never states a margin its reader may not see', () => {
    const thin = state({ estimate: estimate(3, 7.4), reviews: [review('d1', 'DELIVERY', 'APPROVED', 3)] });
    const hidden = ['The estimated margin is under the threshold: needs a FINANCE approval of revision 3'];
    const shown = ['Estimated margin 7.4% is under 20%: needs a FINANCE approval of revision 3'];

    it('gives a MEMBER or another seller the blocker in words without the figure', () => {
      expect(signingBlockers(thin, { id: 'm1', roles: ['MEMBER'] })).toEqual(hidden);
      expect(signingBlockers(thin, { id: 's2', roles: ['SALES'] })).toEqual(hidden);
      expect(
        signingBlockers(state({ estimate: estimate(3, null) }), { id: 'm1', roles: ['MEMBER'] }),
      ).toEqual(['Needs a DELIVERY approval of estimate revision 3', ...hidden]);
    });

    it('gives the owner, DELIVERY, FINANCE and ADMIN the figure', () => {
      expect(signingBlockers(thin, { id: owner, roles: ['SALES'] })).toEqual(shown);
      for (const role of ['DELIVERY', 'FINANCE', 'ADMIN']) {
        expect(signingBlockers(thin, { id: 'x', roles: [role] })).toEqual(shown);
      }
    });
  });

  it('blocks signing while a role has no cost rate on the card, in plain words and without a figure', () => {
    const approved = [review('d1', 'DELIVERY', 'APPROVED', 3), review('f1', 'FINANCE', 'APPROVED', 3)];
    const blockers = signingBlockers(
      state({ estimate: { ...estimate(3, null), rolesWithoutCostRate: ['Architect'] }, reviews: approved }),
    );
    expect(blockers).toEqual([
      'No cost rate for role Architect on 2026-12-01; finance sets it, then the estimate is saved again',
    ]);
  });
});
