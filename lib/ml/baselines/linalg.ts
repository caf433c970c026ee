/** Ordinary least squares for the few-column regressions here (HAR has 4 coefficients). */

/**
 * Solves the normal equations (XᵀX)b = Xᵀy by Gaussian elimination with partial pivoting.
 * `x` is row-major [rows, cols]. A tiny ridge (1e-10·trace) keeps collinear inputs solvable.
 */
export function ols(x: ArrayLike<number>, y: ArrayLike<number>, cols: number): number[] {
  const rows = y.length;
  const a = Array.from({ length: cols }, () => new Array<number>(cols + 1).fill(0));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const xij = x[i * cols + j]!;
      for (let k = 0; k < cols; k++) a[j]![k]! += xij * x[i * cols + k]!;
      a[j]![cols]! += xij * y[i]!;
    }
  }
  let trace = 0;
  for (let j = 0; j < cols; j++) trace += a[j]![j]!;
  for (let j = 0; j < cols; j++) a[j]![j]! += 1e-10 * (trace / cols);
  for (let c = 0; c < cols; c++) {
    let pivot = c;
    for (let r = c + 1; r < cols; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const p = a[c]![c]!;
    if (p === 0) throw new Error('ols: singular design matrix');
    for (let r = 0; r < cols; r++) {
      if (r === c) continue;
      const factor = a[r]![c]! / p;
      for (let k = c; k <= cols; k++) a[r]![k]! -= factor * a[c]![k]!;
    }
  }
  return a.map((row, j) => row[cols]! / row[j]!);
}
