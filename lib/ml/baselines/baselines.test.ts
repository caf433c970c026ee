import { describe, expect, it } from 'vitest';
import { volSeries } from '../features';
import { mulberry32, normalSampler } from '../random';
import { ewmaVariancePath, ewmaVolFromVariance } from './ewma';
import { fitGarch11, garchVolForecast } from './garch11';
import { fitHarFromDesign } from './har';
import { ols } from './linalg';
import { nelderMead } from './optimize';
import { persistenceForecast } from './persistence';

describe('EWMA', () => {
  it('matches the recursion computed by hand', () => {
    const r = [Number.NaN, 0.01, -0.02, 0.03];
    const p = ewmaVariancePath(r, 0.9);
    // seed = mean(r1², r2², r3²) = (1e-4 + 4e-4 + 9e-4) / 3
    const seed = 14e-4 / 3;
    const v1 = 0.9 * seed + 0.1 * 1e-4;
    const v2 = 0.9 * v1 + 0.1 * 4e-4;
    const v3 = 0.9 * v2 + 0.1 * 9e-4;
    expect(p[1]).toBeCloseTo(v1, 15);
    expect(p[2]).toBeCloseTo(v2, 15);
    expect(p[3]).toBeCloseTo(v3, 15);
    expect(ewmaVolFromVariance(v3)).toBeCloseTo(Math.sqrt(24 * v3), 12);
  });
});

describe('persistence', () => {
  it('is the RV of the last 24 returns', () => {
    const close = [100];
    for (let i = 1; i <= 30; i++) close.push(close[i - 1]! * (i % 2 ? 1.01 : 0.99));
    const s = volSeries(
      Array.from(close, (_, i) => i * 3600),
      close,
    );
    let ss = 0;
    for (let i = 7; i <= 30; i++) ss += Math.log(close[i]! / close[i - 1]!) ** 2;
    expect(persistenceForecast(s, 30)).toBeCloseTo(Math.sqrt(ss), 12);
  });
});

describe('OLS and HAR', () => {
  it('solves a 2×2 regression exactly', () => {
    // y = 1 + 2x at x = 0, 1, 2
    expect(ols([1, 0, 1, 1, 1, 2], [1, 3, 5], 2).map((b) => Number(b.toFixed(9)))).toEqual([1, 2]);
  });

  it('recovers HAR coefficients from a tiny noiseless series and reports its residual variance', () => {
    const b = [-0.4, 0.35, 0.4, 0.2];
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 8; i++) {
      const row = [1, -3 - 0.1 * i, -3.2 + 0.05 * i * i, -3.1 + 0.03 * ((i * 7) % 5)];
      x.push(...row);
      y.push(row.reduce((s, v, j) => s + v * b[j]!, 0) + (i % 2 ? 1e-4 : -1e-4));
    }
    const fit = fitHarFromDesign(x, y);
    fit.coefficients.forEach((c, j) => {
      expect(c).toBeCloseTo(b[j]!, 2);
    });
    expect(fit.residualVariance).toBeGreaterThan(0);
    expect(fit.residualVariance).toBeLessThan(1e-7);
  });
});

describe('Nelder-Mead', () => {
  it('finds the minimum of a shifted quadratic', () => {
    const r = nelderMead((x) => (x[0]! - 3) ** 2 + 2 * (x[1]! + 1) ** 2, [0, 0]);
    expect(r.x[0]).toBeCloseTo(3, 3);
    expect(r.x[1]).toBeCloseTo(-1, 3);
  });
});

describe('GARCH(1,1)', () => {
  it('recovers the parameters of a simulated series by maximum likelihood', () => {
    const truth = { omega: 2e-6, alpha: 0.1, beta: 0.85 };
    const z = normalSampler(mulberry32(42));
    const n = 20_000;
    const r = new Float64Array(n + 1);
    r[0] = Number.NaN;
    let v = truth.omega / (1 - truth.alpha - truth.beta);
    for (let t = 1; t <= n; t++) {
      r[t] = Math.sqrt(v) * z();
      v = truth.omega + truth.alpha * r[t]! ** 2 + truth.beta * v;
    }
    const fit = fitGarch11(r);
    expect(fit.alpha).toBeGreaterThan(0.08);
    expect(fit.alpha).toBeLessThan(0.12);
    expect(fit.beta).toBeGreaterThan(0.82);
    expect(fit.beta).toBeLessThan(0.88);
    expect(fit.omega / (1 - fit.alpha - fit.beta)).toBeCloseTo(truth.omega / 0.05, 5);
  });

  it('sums the mean-reverting variance term structure', () => {
    const p = { omega: 1e-6, alpha: 0.1, beta: 0.8 }; // long-run variance 1e-5
    const next = 3e-5;
    // h=1: 3e-5; h=2: 1e-5 + 0.9·2e-5 = 2.8e-5
    expect(garchVolForecast(p, next, 2)).toBeCloseTo(Math.sqrt(5.8e-5), 12);
  });
});
