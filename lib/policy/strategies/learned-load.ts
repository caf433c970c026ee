import { type LearnedNetwork, parseLearnedArtifact } from './learned';
import { CURRENT_LEARNED_ARTIFACT } from './learned-current';

let cached: LearnedNetwork | undefined;

/**
 * The network the code ships (learned-current.ts, written by `npm run train:policy`), checked once:
 * format, architecture, finite weights and the hash it claims (LearnedPolicyError otherwise).
 */
export function currentLearnedNetwork(): LearnedNetwork {
  cached ??= parseLearnedArtifact(CURRENT_LEARNED_ARTIFACT, 'public/models/policy (learned-current.ts)');
  return cached;
}
