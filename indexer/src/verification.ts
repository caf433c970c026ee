/** VerificationLog: the agent's Verify verdicts, one row per (decision, kind), as posted on-chain. */
import { ponder } from 'ponder:registry';
import { verificationRecord } from 'ponder:schema';

ponder.on('VerificationLog:VerificationRecorded', async ({ event, context }) => {
  const { decisionId, recorder, record: r } = event.args;
  const kind = r.kind === 0 ? 'forecast' : 'effect';
  // The contract refuses a second record per (decision, kind); should one ever arrive, the first stays.
  await context.db
    .insert(verificationRecord)
    .values({
      id: `${decisionId}-${kind}`,
      decisionId,
      kind,
      contentHash: r.contentHash,
      prevHash: r.prevHash,
      windowFrom: Number(r.windowFrom),
      windowTo: Number(r.windowTo),
      verifiedAt: Number(r.verifiedAt),
      recordedAt: Number(r.recordedAt),
      forecast: r.forecast,
      lower80: r.lower80,
      upper80: r.upper80,
      lower95: r.lower95,
      upper95: r.upper95,
      realised: r.realised,
      hit80: r.hit80,
      hit95: r.hit95,
      effectsChecked: r.effectsChecked,
      effectsMatched: r.effectsMatched,
      recorder,
      blockNumber: event.block.number,
      logIndex: event.log.logIndex,
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing();
});
