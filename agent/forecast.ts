/**
 * Predict: volatility forecasters behind one interface. The primary one is lib/ml's volatility
 * model, loaded from the same artifact the browser loads (public/models, or a version the
 * agent promoted under AGENT_MODELS_DIR) through the Node loader; it needs 721+ hourly closes.
 * Until the local chain has that much history the walk-forward HAR-RV forecaster of lib/sim
 * (the one the backtests use; EWMA during its warm-up) stands in, and the record says so.
 * All forecasts are annualised volatility (the policy's unit): the ML model's 24 h RV × √365.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { concatBytes, type Hex, keccak256, stringToBytes } from 'viem';
import { hashCanonical } from '../lib/agent/canonical';
import type { HourlyHistory } from '../lib/agent/history';
import type { ForecastRecord } from '../lib/agent/records';
import type { ModelJson } from '../lib/ml/artifacts';
import { DEFAULT_HAR_CONFIG, HarForecaster } from '../lib/sim/forecaster';

export interface VolForecaster {
  /** Fewest hourly closes it needs. */
  readonly minHours: number;
  readonly version: string;
  readonly modelHash: Hex;
  forecast(h: HourlyHistory, now: number): ForecastRecord;
}

const SQRT_365 = Math.sqrt(365);

export function createHarFallback(): VolForecaster {
  const modelHash = hashCanonical({ model: 'lib/sim/forecaster.ts#HarForecaster', config: DEFAULT_HAR_CONFIG }).hash;
  return {
    minHours: 2,
    version: 'har-rv@lib/sim',
    modelHash,
    forecast(h, now) {
      const f = new HarForecaster();
      for (let i = 0; i < h.close.length; i++) f.push(h.timestamp[i]! + 3600, h.close[i]!);
      const out = f.forecast();
      return {
        ...out,
        issuedAt: now,
        modelVersion: `${out.model ?? 'har-rv'}@lib/sim`,
        modelHash,
        calibration: out.model === 'har-rv' ? 'in-sample residuals' : 'warm-up band',
      };
    },
  };
}

export type ArtifactOnDisk = { version: string; dir: string; modelJsonText: string; weights: Uint8Array };

/** The current volatility artifact: the agent's promoted one if any, else the app's. */
export function findVolatilityArtifact(roots: readonly string[]): ArtifactOnDisk | undefined {
  for (const root of roots) {
    const indexFile = path.join(root, 'index.json');
    if (!existsSync(indexFile)) continue;
    const entry = (JSON.parse(readFileSync(indexFile, 'utf8')) as { models?: Record<string, { version: string }> })
      .models?.volatility;
    if (!entry) continue;
    const dir = path.join(root, entry.version);
    return {
      version: entry.version,
      dir,
      modelJsonText: readFileSync(path.join(dir, 'model.json'), 'utf8'),
      weights: new Uint8Array(readFileSync(path.join(dir, 'weights.bin'))),
    };
  }
  return undefined;
}

/** keccak256(model.json bytes ‖ weights.bin bytes): anyone can recompute it from /models/<version>/. */
export function artifactHash(a: Pick<ArtifactOnDisk, 'modelJsonText' | 'weights'>): Hex {
  return keccak256(concatBytes([stringToBytes(a.modelJsonText), a.weights]));
}

export async function createMlForecaster(
  artifact: ArtifactOnDisk,
): Promise<VolForecaster & { dispose(): void; vm: unknown }> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  const { loadVolatilityModel, forecastVolatility } = await import('../lib/ml/volatility');
  const vm = await loadVolatilityModel({
    modelJson: JSON.parse(artifact.modelJsonText) as ModelJson,
    weights: artifact.weights,
  });
  const modelHash = artifactHash(artifact);
  return {
    minHours: vm.meta.minWindowHours,
    version: artifact.version,
    modelHash,
    vm,
    forecast(h, now) {
      const f = forecastVolatility(vm, { timestamp: h.timestamp, close: h.close });
      return {
        rvNext: f.rvNext * SQRT_365,
        lower80: f.lower80 * SQRT_365,
        upper80: f.upper80 * SQRT_365,
        lower95: f.lower95 * SQRT_365,
        upper95: f.upper95 * SQRT_365,
        horizonHours: vm.meta.horizonHours,
        model: `${artifact.version}:${f.served}`,
        issuedAt: now,
        modelVersion: artifact.version,
        modelHash,
        calibration: f.calibration,
      };
    },
    dispose: () => vm.model.dispose(),
  };
}

/** ML model when the history is long enough, else the HAR fallback. */
export function chooseForecaster(
  primary: VolForecaster | undefined,
  fallback: VolForecaster,
  hours: number,
): VolForecaster {
  return primary && hours >= primary.minHours ? primary : fallback;
}
