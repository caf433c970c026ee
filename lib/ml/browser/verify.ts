/**
 * Verify: does the browser's re-run of a decision's forecast match what the agent committed?
 * Pure. The agent commits annualised volatility (24 h RV × √365) and `model` as
 * `<version>:<served>` for the ML model; the comparison needs the same model hash, the same
 * served candidate and the value within a relative tolerance (lib/ml/README.md: cpu and wasm
 * agree to ~1e-7; WebGL may run in 16-bit floats on some mobile GPUs, hence 1e-3).
 */
export const VERIFY_RELATIVE_TOLERANCE = 1e-3;
export const SQRT_365 = Math.sqrt(365);

export type CommittedForecast = {
  rvNext: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  model?: string | undefined;
  modelVersion: string;
  modelHash: string;
};

export type RecomputedForecast = {
  /** Annualised, in the agent's units. */
  rvNext: number;
  served: string | null;
  modelHash: string;
};

export type VerifyCheck = { name: 'value' | 'served' | 'model hash'; ok: boolean; detail: string };

export type VerifyVerdict = {
  match: boolean;
  relativeError: number;
  tolerance: number;
  checks: VerifyCheck[];
};

/** How the agent's forecast was made: the published ML artifact, or the lib/sim fallback. */
export function committedKind(c: Pick<CommittedForecast, 'modelVersion'>): 'ml' | 'fallback' | 'unknown' {
  if (/^volatility-[0-9a-f]+$/.test(c.modelVersion)) return 'ml';
  if (c.modelVersion.endsWith('@lib/sim')) return 'fallback';
  return 'unknown';
}

/** The served candidate the agent recorded ("volatility-abc:model" → "model"), if any. */
export function committedServed(c: Pick<CommittedForecast, 'model' | 'modelVersion'>): string | null {
  if (!c.model) return null;
  const prefix = `${c.modelVersion}:`;
  return c.model.startsWith(prefix) ? c.model.slice(prefix.length) : null;
}

export function relativeError(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

export function compareForecasts(
  committed: CommittedForecast,
  recomputed: RecomputedForecast,
  tolerance = VERIFY_RELATIVE_TOLERANCE,
): VerifyVerdict {
  const rel = relativeError(committed.rvNext, recomputed.rvNext);
  const checks: VerifyCheck[] = [
    {
      name: 'value',
      ok: Number.isFinite(rel) && rel <= tolerance,
      detail: `committed ${committed.rvNext.toPrecision(8)}, browser ${recomputed.rvNext.toPrecision(8)} (relative difference ${rel.toExponential(2)}, tolerance ${tolerance.toExponential(0)})`,
    },
  ];
  const served = committedServed(committed);
  if (served !== null || recomputed.served !== null) {
    checks.push({
      name: 'served',
      ok: served === recomputed.served,
      detail: `committed ${served ?? '—'}, browser ${recomputed.served ?? '—'}`,
    });
  }
  checks.push({
    name: 'model hash',
    ok: committed.modelHash.toLowerCase() === recomputed.modelHash.toLowerCase(),
    detail: `committed ${committed.modelHash}, browser ${recomputed.modelHash}`,
  });
  return { match: checks.every((c) => c.ok), relativeError: rel, tolerance, checks };
}
