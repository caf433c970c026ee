// Property tests draw fresh random cases on every run, so a rare counterexample can surface in CI
// long after the test was written. FC_NUM_RUNS raises the number of cases for a local soak
// (`FC_NUM_RUNS=20000 npx vitest run lib/metrics`); FC_SEED replays the seed a failure printed.
import fc from 'fast-check';

const numRuns = Number(process.env.FC_NUM_RUNS);
const seed = Number(process.env.FC_SEED);
fc.configureGlobal({
  ...(Number.isInteger(numRuns) && numRuns > 0 ? { numRuns } : {}),
  ...(Number.isInteger(seed) ? { seed } : {}),
});
