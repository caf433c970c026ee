import { describe, expect, it } from 'vitest';
import { StaleTreasuryStateError, type TreasuryOperation, type TreasuryOpsState } from '../lib/treasury/operations';
import { silentLogger } from './log';
import { callOf, type OperatorChain, TreasuryOperator } from './operator';

const HOME = 10n ** 18n;
const USD = 10n ** 6n;
const T0 = 1_700_006_400;

function fakeChain(over: Partial<TreasuryOpsState> = {}) {
  const s: TreasuryOpsState = {
    blockNumber: 10n,
    timestamp: T0 + 10,
    paused: false,
    tokenDecimals: 18,
    stableDecimals: 6,
    reserveHome: 100_000_000n * HOME,
    reserveStable: 10_000_000n * USD,
    treasuryHome: 700_000_000n * HOME,
    treasuryStable: 1_000_000n * USD,
    lpBalance: 0n,
    lpTotalSupply: 10n ** 19n,
    epochLength: 86_400,
    buybackBudget: 24_000n * USD,
    buybackSpent: 0n,
    polBudget: 0n,
    polUsed: 0n,
    polMaxShareBps: 10_000n,
    lowerBand: 80_000n,
    upperBand: 125_000n,
    rangeBuyBudget: 0n,
    rangeBuyUsed: 0n,
    rangeSellBudget: 0n,
    rangeSellUsed: 0n,
    burnHeadroom: 20_000_000n * HOME,
    twapPrice: 100_000n, // a calm pool: its average is its price
    ...over,
  };
  const sent: TreasuryOperation[] = [];
  const observed: number[] = [];
  let headLead = 0n;
  const chain: OperatorChain = {
    async head() {
      return { blockNumber: s.blockNumber + headLead, timestamp: s.timestamp };
    },
    async state() {
      return { ...s };
    },
    async observe() {
      observed.push(s.timestamp);
      return null;
    },
    async send(op) {
      sent.push(op);
      // The chain executes it: the buyback's spend is recorded, one block mined.
      if (op.kind === 'buyback') s.buybackSpent += op.stableIn;
      s.blockNumber += 1n;
      return { ok: true, txHash: '0x01', blockNumber: s.blockNumber, gasUsed: 150_000n };
    },
  };
  return {
    chain,
    s,
    sent,
    observed,
    lead: (n: bigint) => {
      headLead = n;
    },
  };
}

describe('TreasuryOperator (executor)', () => {
  it('sends the due buyback once an hour, and again the next hour', async () => {
    const f = fakeChain();
    const op = new TreasuryOperator(f.chain, silentLogger);
    const first = await op.tick();
    expect(first?.sent.map((x) => x.op)).toMatchObject([{ kind: 'buyback', stableIn: 1_000n * USD }]);
    expect(await op.tick()).toBeNull(); // same chain hour
    f.s.timestamp += 3600;
    const next = await op.tick();
    expect(next?.sent.map((x) => x.op)).toMatchObject([{ kind: 'buyback', stableIn: 1_000n * USD }]);
    expect(f.sent).toHaveLength(2);
    expect(f.s.buybackSpent).toBe(2_000n * USD);
    // Each hour it acts, it first keeps the pool's price observation fresh for the buyback's floor.
    expect(f.observed).toEqual([T0 + 10, T0 + 10 + 3600]);
  });

  it('budget 0 or paused: sends nothing', async () => {
    const zero = fakeChain({ buybackBudget: 0n });
    expect((await new TreasuryOperator(zero.chain, silentLogger).tick())?.sent).toEqual([]);
    const paused = fakeChain({ paused: true, reserveStable: 7_000_000n * USD, rangeBuyBudget: 10_000n * USD });
    expect((await new TreasuryOperator(paused.chain, silentLogger).tick())?.sent).toEqual([]);
    expect(zero.sent.length + paused.sent.length).toBe(0);
  });

  it('refuses a state that is not at the head (named error), sending nothing', async () => {
    const f = fakeChain();
    f.lead(1n);
    await expect(new TreasuryOperator(f.chain, silentLogger).tick()).rejects.toThrow(StaleTreasuryStateError);
    expect(f.sent).toHaveLength(0);
  });

  it('maps each operation to its Treasury call', () => {
    expect(callOf({ kind: 'buyback', stableIn: 1n, minHomeOut: 2n, expectedHomeOut: 3n }, 9n)).toEqual([
      'buybackAndBurn',
      [1n, 2n, 9n],
    ]);
    expect(callOf({ kind: 'addLiquidity', stableAmount: 1n, maxHomeIn: 2n, minLiquidity: 3n }, 9n)).toEqual([
      'addLiquidity',
      [1n, 2n, 3n, 9n],
    ]);
  });
});

describe('AGENT_OPERATOR', () => {
  const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
  it('is on by default for the local chain, off for a real one, and named when malformed', async () => {
    const { parseAgentConfig } = await import('./config');
    expect(parseAgentConfig({ AGENT_PRIVATE_KEY: KEY }).operator).toBe(true);
    expect(parseAgentConfig({ AGENT_PRIVATE_KEY: KEY, AGENT_OPERATOR: 'false' }).operator).toBe(false);
    const real = { RPC_URL: 'https://rpc.example', CHAIN_ID: '8453', AGENT_PRIVATE_KEY: KEY };
    expect(parseAgentConfig(real).operator).toBe(false);
    expect(parseAgentConfig({ ...real, AGENT_OPERATOR: 'true' }).operator).toBe(true);
    expect(() => parseAgentConfig({ ...real, AGENT_OPERATOR: 'maybe' })).toThrow(/AGENT_OPERATOR: "maybe"/);
  });
});
