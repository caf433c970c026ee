/**
 * Retrain: on a chain-time schedule, train a candidate volatility network on recent history
 * with lib/ml's training API (trainVolatilityModel), score it against the current model on a
 * held-out, later validation window (QLIKE of the served forecast, the loss the model is
 * trained and selected on), and promote it only if it is better (lib/agent shouldPromote).
 * Every attempt, promoted or not, is appended to the version history (models.jsonl); a promoted
 * model is written as a standard artifact under AGENT_MODELS_DIR (index.json + version folder),
 * which the agent then loads like the browser loads public/models.
 */

import type { HourlyHistory } from '../lib/agent/history';
import { shouldPromote } from '../lib/agent/ids';
import { retrainReason } from '../lib/governance/transparency';
import { FIRST_FEATURE_HOUR, futureVol, HORIZON_HOURS, volSeries } from '../lib/ml/features';
import { qlikeVol } from '../lib/ml/stats';
import { artifactHash, createMlForecaster, findVolatilityArtifact, type VolForecaster } from './forecast';
import type { Logger } from './log';
import type { AgentStore } from './store';

export type RetrainOptions = {
  store: AgentStore;
  log: Logger;
  modelsDir: string;
  /** Roots searched for the current artifact, in order (AGENT_MODELS_DIR, then public/models). */
  roots: readonly string[];
  everySeconds: number;
  /** Held-out validation window (forecast hours) at the end of the history. */
  validationHours?: number;
  /** Fewest training rows. */
  minTrainHours?: number;
  epochs?: number;
};

export function createRetrainer(o: RetrainOptions) {
  const validationHours = o.validationHours ?? 168;
  const minTrain = o.minTrainHours ?? 240;
  const last = [...o.store.modelHistory()].reverse().find((r) => typeof r.at === 'number');
  let lastAttempt = (last?.at as number | undefined) ?? 0;
  const needed = FIRST_FEATURE_HOUR + minTrain + HORIZON_HOURS + validationHours + HORIZON_HOURS;

  const due = (now: number) => {
    if (o.everySeconds <= 0) return false;
    if (lastAttempt === 0) lastAttempt = now; // first schedule point: one period after start
    return now >= lastAttempt + o.everySeconds;
  };
  async function run(h: HourlyHistory, now: number): Promise<VolForecaster | undefined> {
    if (!due(now)) return undefined;
    lastAttempt = now;
    if (h.close.length < needed) {
      o.store.appendModelHistory({
        at: now,
        outcome: 'skipped',
        reason: `history ${h.close.length} h < ${needed} h needed`,
      });
      o.log.info('retrain', { outcome: 'skipped', hours: h.close.length, needed });
      return undefined;
    }
    const current = findVolatilityArtifact(o.roots);
    if (!current) {
      o.log.warn('retrain', { outcome: 'skipped', reason: 'no current volatility artifact' });
      return undefined;
    }
    const t = performance.now();
    const { trainVolatilityModel } = await import('../lib/ml/volatility/train');
    const { staticCandidates } = await import('../lib/ml/volatility');
    const { captureModel } = await import('../lib/ml/artifacts');
    const { writeArtifact } = await import('../lib/ml/artifacts-node');
    const s = volSeries(h.timestamp, h.close);
    const lastForecastHour = s.n - 1 - HORIZON_HOURS;
    const valStart = lastForecastHour - validationHours + 1;
    const val = Int32Array.from({ length: validationHours }, (_, i) => valStart + i);
    // Training targets must end before validation starts: no overlap, no look-ahead.
    const trainEnd = valStart - HORIZON_HOURS - 1;
    const train = Int32Array.from({ length: trainEnd - FIRST_FEATURE_HOUR + 1 }, (_, i) => FIRST_FEATURE_HOUR + i);
    const currentFc = await createMlForecaster(current);
    const vmCurrent = currentFc.vm as import('../lib/ml/volatility').VolatilityModel;
    const realised = Array.from(val, (x) => futureVol(s.sumSq, x));
    const served = vmCurrent.meta.served;
    const lossOf = (vm: import('../lib/ml/volatility').VolatilityModel, name = served) => {
      const f = staticCandidates(vm, s, val);
      return realised.reduce((a, y, i) => a + qlikeVol(y, f[i]![name]!), 0) / realised.length;
    };
    const currentLoss = lossOf(vmCurrent);
    const trained = await trainVolatilityModel(s, train, { epochs: o.epochs ?? 25 });
    const candidate = {
      model: trained.model,
      meta: { ...vmCurrent.meta, normalisation: trained.normalisation, served: 'model' as const },
    };
    const candidateLoss = lossOf(candidate, 'model');
    const promote = shouldPromote(currentLoss, candidateLoss);
    const record: Record<string, unknown> = {
      at: now,
      outcome: promote ? 'promoted' : 'rejected',
      // Why, in words: the transparency page shows it beside the outcome.
      reason: retrainReason(promote, currentLoss, candidateLoss, val.length),
      current: current.version,
      currentLoss,
      candidateLoss,
      trainHours: train.length,
      validation: {
        from: s.timestamp[valStart],
        to: s.timestamp[lastForecastHour]! + HORIZON_HOURS * 3600,
        hours: val.length,
      },
      trainingMs: Math.round(trained.trainingMs),
    };
    let promoted: VolForecaster | undefined;
    if (promote) {
      const errors = val.length
        ? Array.from(val, (x, i) => Math.log(realised[i]! / staticCandidates(candidate, s, [x])[0]!.model!)).sort(
            (a, b) => a - b,
          )
        : [];
      const q = (p: number) => errors[Math.min(errors.length - 1, Math.floor(p * (errors.length - 1)))] ?? 0;
      candidate.meta = {
        ...candidate.meta,
        residualQuantiles: { q025: q(0.025), q10: q(0.1), q90: q(0.9), q975: q(0.975) },
      };
      const { modelJson, weights } = await captureModel(trained.model, { volatility: candidate.meta });
      const written = writeArtifact(
        'volatility',
        modelJson,
        weights,
        { trainedBy: 'agent/retrain.ts', ...record },
        o.modelsDir,
      );
      const artifact = findVolatilityArtifact([o.modelsDir])!;
      record.version = written.version;
      record.modelHash = artifactHash(artifact);
      promoted = await createMlForecaster(artifact);
    }
    trained.model.dispose();
    currentFc.dispose();
    record.ms = Math.round(performance.now() - t);
    o.store.appendModelHistory(record);
    o.log.info('retrain', record);
    return promoted;
  }
  return { due, run };
}
