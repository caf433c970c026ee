import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { encodeFunctionData } from 'viem';
import { describe, expect, it } from 'vitest';
import { ProposalEffectPanel } from '@/components/dashboard/proposal-effect';
import { policyControllerAbi } from '@/lib/contracts/abis';
import { PolicyParam } from '@/lib/contracts/params';
import type { ProposalEffect } from '@/lib/health/proposal-effect';
import type { IndexedProposal } from '@/lib/indexer/types';
import { markerOf } from '@/lib/server/dashboard';

const render = (props: Parameters<typeof ProposalEffectPanel>[0]) =>
  renderToStaticMarkup(createElement(ProposalEffectPanel, props)).replace(/<!-- -->/g, '');
const text = (html: string) => html.replace(/<[^>]+>/g, '');

const effect: ProposalEffect = {
  id: '12',
  time: 1_700_000_000,
  changes: ['raise the transfer fee 0.30 % → 0.55 %'],
  windowHours: 24,
  before: { hours: 24, volumePerHour: 10_000, meanPrice: 0.105, volatility: 0.9 },
  after: { hours: 6, volumePerHour: 8_500, meanPrice: 0.0945, volatility: 1.08 },
  volumeChange: -0.15,
  priceChange: -0.1,
  volatilityChange: 0.2,
  complete: false,
};

describe('dashboard: market response to the latest approved proposal', () => {
  it('names the proposal, its change and the volume, price and volatility change vs the 24 h before', () => {
    const html = render({ effect });
    expect(html).toContain('href="/proposals/12"');
    const t = text(html);
    expect(t).toContain('Since proposal #12 executed');
    expect(t).toContain('Raise the transfer fee 0.30 % → 0.55 %');
    expect(t).toContain(
      'Volume −15.0%, price −10.0%, volatility +20.0% in the 6 of 24 h after so far vs the 24 h before',
    );
    expect(t).toContain('$10K');
    expect(t).toContain('$0.0945');
    expect(t).toContain('does not isolate the proposal’s effect');
  });
  it('a governor-sized id is shortened in the text, whole in the link', () => {
    const id = '70073854003845464811676532977234702135933537138178100322719896238001721957563';
    const html = render({ effect: { ...effect, id } });
    expect(html).toContain(`href="/proposals/${id}"`);
    expect(text(html)).toContain('Since proposal #7007…7563 executed');
  });
  it('says so when nothing has executed, when no hour has passed, and when the indexer failed', () => {
    expect(text(render({ effect: null }))).toContain('No proposal has been executed yet');
    const fresh = { ...effect, after: { hours: 0, volumePerHour: null, meanPrice: null, volatility: null } };
    expect(text(render({ effect: fresh }))).toContain('No whole hour indexed since it executed yet');
    expect(text(render({ effect: null, unavailable: true }))).toContain('Proposal history unavailable');
  });
  it('a marker reads an executed proposal’s calldata in words; a proposal not executed has none', () => {
    const p: IndexedProposal = {
      id: 12n,
      proposer: '0x0000000000000000000000000000000000000001',
      description: 'x',
      targets: ['0x0000000000000000000000000000000000000002'],
      calldatas: [
        encodeFunctionData({
          abi: policyControllerAbi,
          functionName: 'setParameter',
          args: [PolicyParam.TransferFee, 30n, 55n],
        }),
      ],
      createdAt: 1,
      blockNumber: 1n,
      txHash: '0x00',
      voteStart: 0n,
      voteEnd: 0n,
      votes: { for: 0n, against: 0n, abstain: 0n },
      voteCount: 0,
      lifecycle: 'executed' as IndexedProposal['lifecycle'],
      queuedAt: null,
      eta: null,
      executedAt: 1_700_000_000,
      canceledAt: null,
      escalatedTo: null,
      decision: null,
    };
    expect(markerOf(p, 6)).toEqual({
      id: '12',
      time: 1_700_000_000,
      changes: ['raise the transfer fee 0.30 % → 0.55 %'],
    });
    expect(markerOf({ ...p, executedAt: null }, 6)).toBeNull();
  });
});
