import { DEFAULT_TERM_MODEL, QUICK_TERM_MODEL, TermModel } from '../../src/ranking/term-model';

const FEATURES = ['how', 'do', 'i', 'learn', 'violin'];
const CANDIDATES = ['recipe', 'play-music', 'translate'];

describe('TermModel', () => {
  it('a negative example lowers its article and leaves the other candidates where they were', () => {
    const model = new TermModel();
    model.train([{ features: ['how', 'do', 'i', 'make', 'cookies'], articleId: 'recipe', candidates: CANDIDATES }]);
    const before = model.score(FEATURES, CANDIDATES);

    model.train([{ features: FEATURES, articleId: 'play-music', candidates: CANDIDATES, negative: true }], { ...DEFAULT_TERM_MODEL, epochs: 2 });
    const after = model.score(FEATURES, CANDIDATES);

    expect(after[1]).toBeLessThan(before[1]!);
    // A 👎 says which article does not answer, not which one does: nobody else learns its words.
    expect(after[0]).toBeCloseTo(before[0]!, 10);
    expect(after[2]).toBeCloseTo(before[2]!, 10);
  });

  it("quick passes step at a full training's last rate", () => {
    expect(QUICK_TERM_MODEL.epochs).toBeLessThan(DEFAULT_TERM_MODEL.epochs);
    expect(QUICK_TERM_MODEL.learningRate).toBeCloseTo(DEFAULT_TERM_MODEL.learningRate / (1 + (DEFAULT_TERM_MODEL.epochs - 1) * 0.5), 10);
  });
});
