import { standardMilestones } from './milestone-plan';

describe('standard milestones', () => {
  it('places BRD, SOW, plan, implementation and review at 10/20/30/90/100 % of the project span', () => {
    // 2026-01-01 → 2026-04-11 is 100 days.
    expect(standardMilestones('2026-01-01', '2026-04-11')).toEqual([
      { kind: 'BRD', name: 'Business requirements document', dueDate: '2026-01-11' },
      { kind: 'SOW', name: 'Statement of work', dueDate: '2026-01-21' },
      { kind: 'PROJECT_PLAN', name: 'Project plan', dueDate: '2026-01-31' },
      { kind: 'IMPLEMENTATION', name: 'Implementation', dueDate: '2026-04-01' },
      { kind: 'POST_IMPLEMENTATION_REVIEW', name: 'Post-implementation review', dueDate: '2026-04-11' },
    ]);
  });

  it('rounds half days up (a 15-day span gives day 2, 3, 5, 14, 15)', () => {
    expect(standardMilestones('2026-03-01', '2026-03-16').map((m) => m.dueDate)).toEqual([
      '2026-03-03',
      '2026-03-04',
      '2026-03-06',
      '2026-03-15',
      '2026-03-16',
    ]);
  });

  it('puts every milestone on the start date of a one-day project', () => {
    expect(new Set(standardMilestones('2026-03-05', '2026-03-05').map((m) => m.dueDate))).toEqual(
      new Set(['2026-03-05']),
    );
  });

  it('always ends with the post-implementation review on the due date', () => {
    const plan = standardMilestones('2025-12-15', '2026-07-03');
    expect(plan.at(-1)).toEqual(
      expect.objectContaining({ kind: 'POST_IMPLEMENTATION_REVIEW', dueDate: '2026-07-03' }),
    );
    const dates = plan.map((m) => m.dueDate);
    expect([...dates].sort()).toEqual(dates);
  });
});
