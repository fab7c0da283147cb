import { fitLogistic, fitMonotoneLogistic, predict } from '../../src/ranking/logistic';

/** Right when the first feature beats the second: a free fit weighs the second negatively. */
const rows = Array.from({ length: 400 }, (_, i) => {
  const a = ((i * 37) % 100) / 100;
  const b = ((i * 61) % 100) / 100;
  return { features: [a, b], label: a > b };
});

describe('fitMonotoneLogistic', () => {
  it('drops a feature the free fit weighs negatively, so the prediction never falls as a feature rises', () => {
    const free = fitLogistic(rows);
    expect(free.weights[1]).toBeLessThan(0);
    expect(predict(free, [0.5, 0.9])).toBeLessThan(predict(free, [0.5, 0.1]));

    const monotone = fitMonotoneLogistic(rows);
    expect(monotone.weights[1]).toBe(0);
    expect(monotone.weights[0]).toBeGreaterThan(0);
    expect(predict(monotone, [0.5, 0.9])).toBe(predict(monotone, [0.5, 0.1]));
    expect(predict(monotone, [0.9, 0.5])).toBeGreaterThan(predict(monotone, [0.1, 0.5]));
  });

  it('is the free fit when the free fit weighs no feature negatively', () => {
    const agreeing = rows.map((row) => ({ features: row.features, label: row.features[0]! + row.features[1]! > 1 }));
    const free = fitLogistic(agreeing);
    expect(free.weights.every((weight) => weight > 0)).toBe(true);
    expect(fitMonotoneLogistic(agreeing)).toEqual(free);
  });
});
