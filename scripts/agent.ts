/**
 * The AI policy agent (long-running): `npm run agent`, or started by `npm start`.
 * Collect → Analyze → Predict → Act → Verify → Retrain, driven by chain time. See agent/.
 * Bad configuration → one line naming the variable, exit 1.
 */
import { parseAgentConfig } from '../agent/config';
import { createLogger } from '../agent/log';
import { buildAgent, buildOperator, runForever } from '../agent/run';
import { HomeostatError } from '../lib/errors';
import { devAccount } from './lib/accounts';

async function main() {
  // The anvil dev key #1 (the deploy script's AGENT) is offered only as the local default.
  const config = parseAgentConfig(process.env, () => devAccount(1).privateKey);
  const log = createLogger();
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopping = true));
  // null: stopped while waiting as a standby replica (DATABASE_URL; agent/pg-journal.ts).
  const agent = await buildAgent(config, log, () => stopping);
  if (agent === null) return;
  await runForever(agent, config, log, () => stopping, buildOperator(config, log));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const message =
      e instanceof HomeostatError ? e.message.replace(/\s*\n\s*/g, ' ') : String((e as Error)?.stack ?? e);
    console.error(`agent: ${message}`);
    process.exit(1);
  },
);
