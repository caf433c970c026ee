/**
 * The agent's configuration from environment variables, validated once at start. A bad value
 * throws ConfigError naming the variable (the entry prints it on one line and exits 1).
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | RPC_URL, CHAIN_ID, DEPLOYMENTS_FILE, INDEXER_URL | see lib/env.ts | chain, addresses, indexer |
 * | AGENT_PRIVATE_KEY | – | proposer key (0x + 64 hex). Never logged. |
 * | AGENT_KEYSTORE | – | path of a v3 keystore JSON instead of AGENT_PRIVATE_KEY |
 * | AGENT_KEYSTORE_PASSWORD / AGENT_KEYSTORE_PASSWORD_FILE | – | its password (or a file holding it) |
 * | (none of the three) | anvil #1 on chain 31337 when the node is anvil | local default only |
 * | AGENT_INTERVAL_HOURS | 1 | decision cadence, chain hours (0.25–168) |
 * | AGENT_HORIZON_HOURS | 24 | verify horizon after execution, chain hours (1–720) |
 * | AGENT_MIN_HISTORY_HOURS | 24 | hours of pool history before the agent may act (2–720) |
 * | AGENT_RETRAIN_HOURS | 168 | retrain cadence, chain hours (0 = never) |
 * | AGENT_POLL_MS | 1000 | how often the chain head is polled, wall-clock ms (20–60000) |
 * | AGENT_DATA_DIR | .homeostat/agent | decision log, verifications, status.json, model history; one deployment's (lib/agent/stamp.ts) |
 * | AGENT_JUSTIFICATIONS_DIR | .homeostat/justifications | <hash>.json served by /api/justifications/<hash> |
 * | AGENT_MODELS_DIR | .homeostat/models | models promoted by Retrain (else public/models) |
 * | AGENT_EXECUTE | true | queue and execute succeeded proposals (anyone may; the agent does locally) |
 * | AGENT_POLICY | adaptive | the strategy: adaptive, learned (the committed policy network, public/models/policy; its weights hash is in every justification), or any other backtest policy name |
 * | AGENT_OPERATOR | true on the local chain, else false | run the treasury operator (agent/operator.ts): buybacks, range operations and protocol-owned liquidity within the governed budgets, once a chain hour, from this account (the Treasury's operator) |
 * | AGENT_VETO_COOLDOWN_HOURS | 72 | chain hours a rejected change stays held back unless the state materially changed (0 = no veto memory; lib/agent/veto-memory.ts) |
 */
import type { Hex } from 'viem';
import type { LocalAccount } from 'viem/accounts';
import { resolveSigner } from '../lib/chain/signer';
import { type Env, integer, nonEmpty, number, parseEnv } from '../lib/env';
import { ConfigError } from '../lib/errors';
import { POLICY_NAMES, type PolicyName } from '../lib/policy/registry';

export const ANVIL_CHAIN_ID = 31337;

export type AgentConfig = {
  env: Env;
  intervalSeconds: number;
  horizonHours: number;
  minHistoryHours: number;
  retrainSeconds: number;
  pollMs: number;
  dataDir: string;
  justificationsDir: string;
  modelsDir: string;
  execute: boolean;
  /** Chain hours a vetoed or defeated change is held back unless the state materially changed. */
  vetoCooldownHours: number;
  /** The strategy the agent runs (AGENT_POLICY). */
  policy: PolicyName;
  /** Run the treasury operator each chain hour (AGENT_OPERATOR; default on for the local chain). */
  operator?: boolean;
  /** Where the proposer key came from ('anvil-default' needs the node to be anvil; checked at start). */
  keySource: 'env' | 'keystore' | 'anvil-default';
  account: LocalAccount;
  /** Test-only fault injection: crash right after writing the intent / right after sending. */
  fault: 'crash-after-intent' | 'crash-after-send' | undefined;
};

type Source = Record<string, string | undefined>;

export function parseAgentConfig(source: Source = process.env, anvilDefaultKey?: () => Hex): AgentConfig {
  const env = parseEnv(source);
  const { account, keySource } = resolveSigner(source, env, 'AGENT', anvilDefaultKey);
  const bool = (name: string, fallback: boolean) => {
    const raw = nonEmpty(source, name);
    if (raw === undefined) return fallback;
    if (/^(1|true|yes)$/i.test(raw)) return true;
    if (/^(0|false|no)$/i.test(raw)) return false;
    throw new ConfigError(name, `"${raw}" is not true or false`);
  };
  const faultRaw = nonEmpty(source, 'AGENT_FAULT');
  if (faultRaw !== undefined && faultRaw !== 'crash-after-intent' && faultRaw !== 'crash-after-send') {
    throw new ConfigError('AGENT_FAULT', `"${faultRaw}" is not crash-after-intent or crash-after-send`);
  }
  const policy = nonEmpty(source, 'AGENT_POLICY') ?? 'adaptive';
  if (!(POLICY_NAMES as readonly string[]).includes(policy)) {
    throw new ConfigError('AGENT_POLICY', `"${policy}" is not one of ${POLICY_NAMES.join(', ')}`);
  }
  return {
    env,
    policy: policy as PolicyName,
    intervalSeconds: Math.round(number(source, 'AGENT_INTERVAL_HOURS', 1, 0.25, 168) * 3600),
    horizonHours: integer(source, 'AGENT_HORIZON_HOURS', 24, 1, 720),
    minHistoryHours: integer(source, 'AGENT_MIN_HISTORY_HOURS', 24, 2, 720),
    retrainSeconds: Math.round(number(source, 'AGENT_RETRAIN_HOURS', 168, 0, 10_000) * 3600),
    pollMs: integer(source, 'AGENT_POLL_MS', 1000, 20, 60_000),
    dataDir: nonEmpty(source, 'AGENT_DATA_DIR') ?? '.homeostat/agent',
    justificationsDir: nonEmpty(source, 'AGENT_JUSTIFICATIONS_DIR') ?? '.homeostat/justifications',
    modelsDir: nonEmpty(source, 'AGENT_MODELS_DIR') ?? '.homeostat/models',
    execute: bool('AGENT_EXECUTE', true),
    operator: bool('AGENT_OPERATOR', env.localChain),
    vetoCooldownHours: number(source, 'AGENT_VETO_COOLDOWN_HOURS', 72, 0, 10_000),
    keySource,
    account,
    fault: faultRaw as AgentConfig['fault'],
  };
}
