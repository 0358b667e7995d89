import { describe, expect, it } from 'vitest';
import { allocateBudget, BudgetInputError } from './index';

const P = (id: string, costFen: number, seq: number) => ({ id, costFen, seq });

describe('allocateBudget', () => {
  it('funds down the list by approvals and skips what no longer fits', () => {
    const r = allocateBudget({
      potFen: 10_000_00,
      proposals: [P('bench', 2_000_00, 1), P('lights', 6_000_00, 2), P('paint', 5_000_00, 3), P('plants', 1_500_00, 4)],
      ballots: [['lights', 'bench'], ['lights', 'plants'], ['paint', 'bench'], ['lights'], ['paint', 'plants', 'bench']],
    });
    expect(r).toEqual({
      rule: 'greedy-by-approvals',
      potFen: 10_000_00,
      ballots: 5,
      spentFen: 9_500_00,
      leftFen: 500_00,
      rows: [
        { id: 'bench', costFen: 2_000_00, approvals: 3, rank: 1, funded: true, leftBeforeFen: 10_000_00 },
        { id: 'lights', costFen: 6_000_00, approvals: 3, rank: 2, funded: true, leftBeforeFen: 8_000_00 },
        { id: 'plants', costFen: 1_500_00, approvals: 2, rank: 3, funded: true, leftBeforeFen: 2_000_00 },
        { id: 'paint', costFen: 5_000_00, approvals: 2, rank: 4, funded: false, leftBeforeFen: 500_00 },
      ],
    });
  });

  it('skips a proposal that no longer fits and still funds a cheaper one below it', () => {
    const r = allocateBudget({
      potFen: 100,
      proposals: [P('a', 60, 1), P('b', 50, 2), P('c', 40, 3)],
      ballots: [['a', 'c'], ['a'], ['b'], ['b', 'c'], ['a']],
    });
    expect(r.rows.map((x) => [x.id, x.approvals, x.funded])).toEqual([
      ['a', 3, true],
      ['c', 2, true],
      ['b', 2, false],
    ]);
    expect([r.spentFen, r.leftFen]).toEqual([100, 0]);
  });

  it('breaks ties by lower cost, then earlier submission, then id', () => {
    const r = allocateBudget({
      potFen: 1000,
      proposals: [P('z', 300, 2), P('y', 300, 1), P('x', 200, 3), P('w', 300, 1)],
      ballots: [['z', 'y', 'x'], ['w']],
    });
    // x is cheapest; y and w share cost and seq (w < y by id); z was submitted later.
    expect(r.rows.map((x) => x.id)).toEqual(['x', 'w', 'y', 'z']);
    expect(r.rows.map((x) => x.funded)).toEqual([true, true, true, false]);
  });

  it('never funds a proposal nobody approved, and allocates nothing without ballots', () => {
    const r = allocateBudget({ potFen: 500, proposals: [P('a', 100, 1), P('b', 100, 2)], ballots: [['a']] });
    expect(r.rows.map((x) => [x.id, x.approvals, x.funded])).toEqual([
      ['a', 1, true],
      ['b', 0, false],
    ]);
    const none = allocateBudget({ potFen: 500, proposals: [P('a', 100, 1)], ballots: [] });
    expect([none.ballots, none.spentFen, none.leftFen, none.rows[0]?.funded]).toEqual([0, 0, 500, false]);
  });

  it('funds exactly up to the pot (a cost equal to what is left fits)', () => {
    const r = allocateBudget({ potFen: 300, proposals: [P('a', 200, 1), P('b', 100, 2)], ballots: [['a', 'b']] });
    expect([r.spentFen, r.leftFen, r.rows.every((x) => x.funded)]).toEqual([300, 0, true]);
  });

  it('refuses a ballot over the budget, an unknown or repeated choice, and a bad cost, naming the culprit', () => {
    const proposals = [P('a', 200, 1), P('b', 200, 2)];
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof BudgetInputError ? [e.code, e.message] : ['other', String(e)];
      }
      return ['none', ''];
    };
    expect(err(() => allocateBudget({ potFen: 300, proposals, ballots: [['a'], ['a', 'b']] }))).toEqual([
      'OVER_BUDGET',
      'ballot 1: 400 fen chosen, pot is 300',
    ]);
    expect(err(() => allocateBudget({ potFen: 300, proposals, ballots: [['c']] }))).toEqual([
      'UNKNOWN_PROPOSAL',
      'ballot 0: unknown proposal c',
    ]);
    expect(err(() => allocateBudget({ potFen: 900, proposals, ballots: [['a', 'a']] }))).toEqual([
      'DUPLICATE_CHOICE',
      'ballot 0: proposal a chosen twice',
    ]);
    expect(err(() => allocateBudget({ potFen: 900, proposals: [P('a', 1.5, 1)], ballots: [] }))).toEqual([
      'BAD_PROPOSAL',
      'proposal a: cost 1.5 is not whole fen',
    ]);
  });

  it('gives the same answer whatever order the ballots and proposals come in', () => {
    const proposals = [P('a', 70, 1), P('b', 30, 2), P('c', 30, 3), P('d', 10, 4)];
    const ballots = [['a', 'b'], ['c', 'd'], ['b', 'c'], ['a'], ['d']];
    const one = allocateBudget({ potFen: 100, proposals, ballots });
    const two = allocateBudget({ potFen: 100, proposals: [...proposals].reverse(), ballots: [...ballots].reverse() });
    expect(two).toEqual(one);
    expect(one.rows.map((x) => [x.id, x.funded])).toEqual([
      ['d', true],
      ['b', true],
      ['c', true],
      ['a', false],
    ]);
  });
});
