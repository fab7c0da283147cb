import { NEUTRAL_BLEND, type ScoredParts } from '../../src/ranking/ranker';
import { chooseBlend, type HeldOutRanking } from '../../src/ranking/train-ranker';

/** A held-out question whose right article leads on the first stage and the body, while another leads on how it is asked. */
function misledByAsked(): HeldOutRanking {
  const candidate = (id: string, base: number, asked: number): ScoredParts => ({ id, base, asked, passage: 0, coverage: 0.5, learned: 0 });
  return { articleId: 'right', parts: { terms: [], termWeights: new Map(), says: 1, scored: [candidate('right', 2, 0), candidate('other', 1, 1.5)] } };
}

/** A held-out question that the asked-for evidence alone gets right. */
function helpedByAsked(): HeldOutRanking {
  const candidate = (id: string, base: number, asked: number): ScoredParts => ({ id, base, asked, passage: 0, coverage: 0.5, learned: 0 });
  return { articleId: 'right', parts: { terms: [], termWeights: new Map(), says: 1, scored: [candidate('right', 1, 2), candidate('other', 2, 0)] } };
}

describe('a base choosing its blend from held-out questions', () => {
  it('keeps the neutral blend with too few held-out questions to tell', () => {
    expect(chooseBlend(Array.from({ length: 20 }, misledByAsked))).toEqual(NEUTRAL_BLEND);
  });

  it('leans on the first stage where how articles are asked misleads', () => {
    const blend = chooseBlend(Array.from({ length: 200 }, misledByAsked));
    expect(blend.asked).toBeLessThan(NEUTRAL_BLEND.asked);
  });

  it('keeps the asked-for evidence where it ranks the held-out questions right', () => {
    expect(chooseBlend(Array.from({ length: 200 }, helpedByAsked))).toEqual(NEUTRAL_BLEND);
  });
});
