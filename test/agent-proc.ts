/**
 * The real agent process (scripts/agent.ts) for integration tests: spawned in its own process
 * group (tsx runs the agent in a child, and a "machine" dying takes both), with what it printed,
 * and the waits the tests share.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Address } from 'viem';
import { homeostatGovernorAbi } from '../lib/contracts/abis';
import { devAccount } from '../scripts/lib/accounts';
import { root } from './local-stack';
import type { ChainClient } from './market-play';

const tsxCli = `${root}/node_modules/tsx/dist/cli.mjs`;

export type AgentProc = {
  proc: ChildProcess;
  out: () => string;
  /** Signals the whole group (SIGTERM: a clean stop; SIGKILL: the machine dies) and waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<string | number | null>;
};

/**
 * Starts the agent against a local chain with the test defaults (dev key #1, no indexer, fast
 * polling, no retraining); `env` adds to or overrides them (data folders, faults, DATABASE_URL).
 */
export function startAgentProcess(env: Record<string, string>): AgentProc {
  let out = '';
  const proc = spawn(process.execPath, [tsxCli, 'scripts/agent.ts'], {
    cwd: root,
    env: {
      ...process.env,
      CHAIN_ID: '31337',
      INDEXER_URL: 'http://127.0.0.1:9',
      AGENT_PRIVATE_KEY: devAccount(1).privateKey,
      AGENT_POLL_MS: '100',
      AGENT_RETRAIN_HOURS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    proc,
    out: () => out,
    stop: async (signal = 'SIGTERM') => {
      const done = exited(proc);
      if (proc.exitCode === null && proc.signalCode === null) {
        try {
          process.kill(-proc.pid!, signal);
        } catch {
          // already gone
        }
      }
      return done;
    },
  };
}

/** The exit code or signal, once the process has exited. */
export function exited(p: ChildProcess): Promise<string | number | null> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.signalCode ?? p.exitCode);
    else p.once('exit', (code, signal) => resolve(signal ?? code));
  });
}

/** Polls `f` until it gives a value; on timeout the error ends with the agent's last lines. */
export async function until<T>(
  what: string,
  f: () => T | undefined | Promise<T | undefined>,
  agent: { out: () => string },
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not seen within ${timeoutMs} ms\n${agent.out().split('\n').slice(-15).join('\n')}`);
}

/** Every DecisionProposed event of the governor (the agent's proposals, with their decision ids). */
export function proposedEvents(client: ChainClient, governor: Address) {
  return client.getContractEvents({
    address: governor,
    abi: homeostatGovernorAbi,
    eventName: 'DecisionProposed',
    fromBlock: 0n,
  });
}
