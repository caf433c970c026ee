import { describe, expect, it } from 'vitest';
import { createIndexerClient, IndexerError } from './client';

const reply =
  (body: unknown, status = 200): typeof fetch =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

const kpiRow = {
  hour: 7200,
  filled: true,
  blockNumber: '12',
  price: 0.1,
  reserveHome: '100000000000000000000000000',
  reserveStable: '10000000000000',
  totalSupply: '1000000000000000000000000000',
  totalStaked: '0',
  delegatedVotes: '400',
  treasuryHome: '350',
  treasuryStable: '1000000',
  holderCount: 20,
  minted: '1',
  burned: '0',
  feesToTreasury: '0',
  feesBurned: '0',
  rewardsPaid: '0',
  volumeHome: '0',
  volumeStable: '0',
  transferCount: 20,
  signalRound: 3,
  sentimentBps: -1200,
  anomalyBps: 40,
  signalObservedAt: 7000,
  paused: false,
};

describe('createIndexerClient', () => {
  it('reshapes KPI rows into domain types (bigints, nested signal)', async () => {
    const client = createIndexerClient('http://x/', { fetch: reply({ points: [kpiRow] }) });
    const [k] = await client.getKpis({ from: 0, to: 10_000 });
    expect(k).toMatchObject({
      time: 7200,
      filled: true,
      totalSupply: 10n ** 27n,
      reserveStable: 10_000_000_000_000n,
      lastSignal: { round: 3, sentimentBps: -1200, anomalyBps: 40, observedAt: 7000 },
    });
  });

  it('no signal yet → lastSignal null', async () => {
    const client = createIndexerClient('http://x', {
      fetch: reply({
        points: [{ ...kpiRow, signalRound: null, sentimentBps: null, anomalyBps: null, signalObservedAt: null }],
      }),
    });
    expect((await client.getKpis())[0]!.lastSignal).toBeNull();
  });

  it('maps proposal lifecycle, lane and vote support to names', async () => {
    const proposal = {
      id: '42',
      proposer: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      description: 'd',
      targets: ['0x0165878a594ca255338adfa4d48449f69242eb8f'],
      calldatas: ['0x1234'],
      createdAt: 1,
      blockNumber: '2',
      txHash: '0xab',
      voteStart: '3',
      voteEnd: '4',
      forVotes: '5',
      againstVotes: '6',
      abstainVotes: '7',
      voteCount: 3,
      queuedAt: 9,
      eta: '10',
      executedAt: null,
      canceledAt: null,
      escalatedTo: null,
      decision: {
        decisionId: '0x01',
        lane: 1,
        modelHash: '0x02',
        inputHash: '0x03',
        justificationHash: '0x04',
        justificationURI: 'ipfs://j',
      },
    };
    const [p] = await createIndexerClient('http://x', { fetch: reply({ proposals: [proposal] }) }).getProposals();
    expect(p).toMatchObject({
      id: 42n,
      lifecycle: 'queued',
      votes: { for: 5n, against: 6n, abstain: 7n },
      decision: { lane: 'optimistic' },
      proposer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    });
    const vote = {
      proposalId: '42',
      voter: proposal.proposer,
      support: 0,
      weight: '5',
      reason: 'no',
      timestamp: 1,
      blockNumber: '2',
      txHash: '0xab',
    };
    const [v] = await createIndexerClient('http://x', { fetch: reply({ votes: [vote] }) }).getVotes(42n);
    expect(v).toMatchObject({ support: 'against', weight: 5n, reason: 'no' });
  });

  it('malformed numbers are errors, never NaN', async () => {
    const client = createIndexerClient('http://x', { fetch: reply({ points: [{ ...kpiRow, price: 'NaN' }] }) });
    await expect(client.getKpis()).rejects.toMatchObject({ name: 'IndexerError', kind: 'malformed' });
    const bad = createIndexerClient('http://x', { fetch: reply({ points: [{ ...kpiRow, totalSupply: '1.5' }] }) });
    await expect(bad.getKpis()).rejects.toThrow(/malformed "totalSupply"/);
  });

  it('HTTP errors carry the status and the server message', async () => {
    const client = createIndexerClient('http://x', { fetch: reply({ error: '"interval" must be 1..168 hours' }, 400) });
    const error = await client.getOhlc({ intervalHours: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexerError);
    expect(error).toMatchObject({ kind: 'http', status: 400 });
    expect((error as IndexerError).shortMessage).toBe('The indexer answered 400: "interval" must be 1..168 hours');
  });

  it('unreachable and timeout have their own short messages', async () => {
    const down = createIndexerClient('http://127.0.0.1:9', {
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(down.getStatus()).rejects.toMatchObject({
      kind: 'unreachable',
      shortMessage: 'The indexer at http://127.0.0.1:9 is unreachable',
    });
    const slow = createIndexerClient('http://x', {
      timeoutMs: 20,
      fetch: (_url, init) =>
        new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    });
    await expect(slow.getStatus()).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('getVerifications (VerificationLog records)', () => {
  const h = (b: string) => `0x${b.repeat(64)}`;
  const row = {
    id: `${h('a')}-forecast`,
    decisionId: h('a'),
    kind: 'forecast',
    contentHash: h('b'),
    prevHash: h('0'),
    windowFrom: 3600,
    windowTo: 90_000,
    verifiedAt: 90_010,
    recordedAt: 90_020,
    forecast: '500000000',
    lower80: '400000000',
    upper80: '600000000',
    lower95: '300000000',
    upper95: '700000000',
    realised: '650000000',
    hit80: false,
    hit95: true,
    effectsChecked: 0,
    effectsMatched: 0,
    recorder: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
    blockNumber: '42',
    logIndex: 0,
    txHash: h('c'),
  };

  it('decodes the fixed point, the kind, the first record of the chain and the posting tx', async () => {
    let asked = '';
    const client = createIndexerClient('http://x', {
      fetch: async (url) => {
        asked = String(url);
        return new Response(JSON.stringify({ verifications: [row] }));
      },
    });
    const [v] = await client.getVerifications({ decisionId: h('a') as `0x${string}` });
    expect(asked).toBe(`http://x/api/verifications?decisionId=${h('a')}`);
    expect(v).toEqual({
      decisionId: h('a'),
      kind: 'forecast',
      contentHash: h('b'),
      prevHash: null,
      windowFrom: 3600,
      windowTo: 90_000,
      verifiedAt: 90_010,
      recordedAt: 90_020,
      forecast: {
        forecast: 0.5,
        lower80: 0.4,
        upper80: 0.6,
        lower95: 0.3,
        upper95: 0.7,
        realised: 0.65,
        hit80: false,
        hit95: true,
      },
      effectsChecked: 0,
      effectsMatched: 0,
      recorder: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      txHash: h('c'),
      blockNumber: 42n,
    });
  });

  it('effect records carry counts and no forecast numbers', async () => {
    const effect = { ...row, kind: 'effect', forecast: '0', realised: '0', effectsChecked: 3, effectsMatched: 2 };
    const client = createIndexerClient('http://x', { fetch: reply({ verifications: [effect] }) });
    expect((await client.getVerifications())[0]).toMatchObject({
      kind: 'effect',
      forecast: null,
      effectsChecked: 3,
      effectsMatched: 2,
    });
  });

  it('refuses rows the contract could not have produced', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'vibes' }, 'kind'],
      [{ realised: '18446744073709551616' }, 'realised'],
      [{ realised: '-1' }, 'realised'],
      [{ hit80: 'yes' }, 'hit80'],
      [{ decisionId: '0x1234' }, 'decisionId'],
      [{ txHash: 'nope' }, 'txHash'],
    ];
    for (const [patch, field] of cases) {
      const client = createIndexerClient('http://x', { fetch: reply({ verifications: [{ ...row, ...patch }] }) });
      await expect(client.getVerifications()).rejects.toThrow(`malformed "${field}"`);
    }
  });
});
