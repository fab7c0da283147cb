import { isFailing, MIN_VOTES_TO_FAIL, unhelpfulBound, wilsonLowerBound } from '../../src/upkeep/failing-rule';

describe('the failing rule', () => {
  it('is the Wilson lower bound: far below the raw ratio on few votes, close to it on many', () => {
    expect(wilsonLowerBound(3, 3)).toBeCloseTo(0.438, 3);
    expect(wilsonLowerBound(300, 300)).toBeGreaterThan(0.98);
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(50, 100)).toBeCloseTo(0.404, 3);
  });

  it('needs five 👎 from five people when nobody found the article helpful, and never fails on three', () => {
    expect(isFailing({ up: 0, down: 3 })).toBe(false);
    expect(isFailing({ up: 0, down: 4 })).toBe(false);
    expect(isFailing({ up: 0, down: MIN_VOTES_TO_FAIL })).toBe(true);
  });

  it('does not fail an article on a mixed record, only on a clear majority of 👎', () => {
    expect(isFailing({ up: 1, down: 5 })).toBe(false);
    expect(isFailing({ up: 10, down: 20 })).toBe(false);
    expect(isFailing({ up: 10, down: 40 })).toBe(true);
    expect(unhelpfulBound({ up: 10, down: 40 })).toBeGreaterThan(0.5);
  });
});
