/** A fitted logistic regression: probability = σ(bias + Σ weight·feature). */
export interface Logistic {
  bias: number;
  weights: number[];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function predict(model: Logistic, features: readonly number[]): number {
  let sum = model.bias;
  model.weights.forEach((weight, i) => (sum += weight * (features[i] ?? 0)));
  return sigmoid(sum);
}

/**
 * Fits a logistic regression by Newton's method (a handful of features, so the Hessian
 * is tiny), with a little L2 so a base whose answers are all right or all wrong still
 * gets finite weights.
 */
export function fitLogistic(rows: ReadonlyArray<{ features: readonly number[]; label: boolean }>, l2 = 0.01, iterations = 25): Logistic {
  const width = (rows[0]?.features.length ?? 0) + 1;
  const beta = new Array<number>(width).fill(0);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(width).fill(0);
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    for (const row of rows) {
      const x = [1, ...row.features];
      const p = sigmoid(x.reduce((sum, value, j) => sum + value * beta[j]!, 0));
      const error = p - (row.label ? 1 : 0);
      const curvature = Math.max(p * (1 - p), 1e-6);
      for (let j = 0; j < width; j++) {
        gradient[j]! += error * x[j]!;
        for (let k = 0; k < width; k++) hessian[j]![k]! += curvature * x[j]! * x[k]!;
      }
    }
    for (let j = 1; j < width; j++) {
      gradient[j]! += l2 * beta[j]!;
      hessian[j]![j]! += l2;
    }
    const step = solve(hessian, gradient);
    if (!step) break;
    let change = 0;
    for (let j = 0; j < width; j++) {
      beta[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-6) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}

/**
 * A logistic regression whose weights are all zero or more, so the prediction never falls
 * as a feature rises: each feature whose free fit weighs it negatively is dropped (the most
 * negative first) and the rest fitted again. Correlated features otherwise trade signs (the
 * probability gap moves with the probability), and a row far outside the fitted range (a
 * question the model learned word for word) gets a prediction the data never supported.
 */
export function fitMonotoneLogistic(rows: ReadonlyArray<{ features: readonly number[]; label: boolean }>, l2 = 0.01): Logistic {
  const width = rows[0]?.features.length ?? 0;
  const kept = Array.from({ length: width }, (_, i) => i);
  for (;;) {
    const fitted = fitLogistic(rows.map((row) => ({ features: kept.map((i) => row.features[i]!), label: row.label })), l2);
    let worst = -1;
    fitted.weights.forEach((weight, k) => {
      if (weight < 0 && (worst < 0 || weight < fitted.weights[worst]!)) worst = k;
    });
    if (worst < 0) {
      const weights = new Array<number>(width).fill(0);
      kept.forEach((i, k) => (weights[i] = fitted.weights[k]!));
      return { bias: fitted.bias, weights };
    }
    kept.splice(worst, 1);
  }
}

/** Gaussian elimination with partial pivoting; undefined when the system is singular. */
function solve(matrix: number[][], vector: number[]): number[] | undefined {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return undefined;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}
