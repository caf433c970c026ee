import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { strategyFor } from '../lib/policy/registry';
import { currentLearnedNetwork } from '../lib/policy/strategies/learned-load';
import { parseAgentConfig } from './config';
import { createHarFallback } from './forecast';
import { silentLogger } from './log';
import { Agent } from './loop';
import { AgentStore } from './store';
import { CONTROLLER, FakeChain, GOVERNOR, syntheticPool } from './testing';

const NOW = 1_800_000_000;
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('AGENT_POLICY', () => {
  it('defaults to adaptive, takes learned, and names the variable for anything else', () => {
    expect(parseAgentConfig({}, () => KEY).policy).toBe('adaptive');
    expect(parseAgentConfig({ AGENT_POLICY: 'learned' }, () => KEY).policy).toBe('learned');
    expect(() => parseAgentConfig({ AGENT_POLICY: 'oracle' }, () => KEY)).toThrow(
      /AGENT_POLICY: "oracle" is not one of static, fixed-supply, rebase, pid, pid-ff, range, adaptive, learned/,
    );
  });
});

describe('the agent with AGENT_POLICY=learned (fake chain)', () => {
  it('proposes with the weights hash and the inputs that drove it in the committed justification and the on-chain description', async () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'agent-learned-'));
    dirs.push(d);
    const chain = new FakeChain(NOW, syntheticPool(NOW, 200));
    const agent = new Agent({
      chain,
      store: new AgentStore(path.join(d, 'data'), path.join(d, 'just')),
      forecasters: { fallback: createHarFallback() },
      strategy: strategyFor('learned'),
      log: silentLogger,
      config: {
        chainId: 31337,
        governor: GOVERNOR,
        controller: CONTROLLER,
        intervalSeconds: 3600,
        horizonHours: 24,
        minHistoryHours: 24,
        execute: true,
        vetoCooldownHours: 72,
        fault: undefined,
      },
    });
    const r = await agent.tick();
    const net = currentLearnedNetwork();
    expect(r.decided?.kind, r.decided?.text).toBe('proposal');
    expect(r.decided?.policy).toBe('learned');
    expect(r.decided?.text).toContain(`Learned policy ${net.version} (weights hash ${net.hash})`);
    // Which inputs drove it (learned.test.ts checks the ablation itself on a network that reads one input).
    expect(r.decided?.text).toMatch(
      /(Inputs that drove it most \(per-input ablation to the calm value\): [^.]+\(input -?\d|No input moved the action by more than 5 % of a step from the calm action\.)/,
    );
    expect(chain.proposals).toHaveLength(1);
    expect(chain.proposals[0]?.description).toContain(`weights hash ${net.hash}`);
    const hash = r.decided?.justificationHash;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    const doc = JSON.parse(readFileSync(path.join(d, 'just', `${hash}.json`), 'utf8'));
    expect(doc.policy).toBe('learned');
    expect(doc.text).toContain(`weights hash ${net.hash}`);
  });
});
