'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useState } from 'react';
import type { Hex } from 'viem';
import {
  useChainId,
  useConnection,
  usePublicClient,
  useSignTypedData,
  useWaitForTransactionReceipt,
  useWriteContract,
} from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { formatToken, userFacingError } from '@/components/format';
import { useProposalDetail } from '@/components/proposals/queries';
import { estimateGasWithHeadroom } from '@/lib/chain/gas';
import { VoteSupport, type VoteSupportValue } from '@/lib/chain/governance';
import { homeostatGovernorAbi } from '@/lib/contracts/abis';
import { voterAdvice } from '@/lib/governance/voter';
import { ballotTypes, extendedBallotTypes, governorDomain, parseSignedBallot, type SignedBallot } from './ballot';
import { DelegateAction } from './delegate-action';
import { VoteReadOnly } from './read-only';

const choices: { value: VoteSupportValue; label: string; className: string }[] = [
  { value: VoteSupport.For, label: 'Approve', className: 'btn-primary' },
  { value: VoteSupport.Against, label: 'Veto', className: 'btn bg-red-700 text-white hover:bg-red-600' },
  { value: VoteSupport.Abstain, label: 'Abstain', className: 'btn-secondary' },
];
const supportName = (s: number) => (s === 1 ? 'Approve' : s === 0 ? 'Veto' : 'Abstain');

/**
 * Vote on one proposal: your power at the snapshot, delegation prompts, Approve / Veto / Abstain
 * with an optional reason (a transaction), or gasless by signature (see ./ballot.ts for who submits).
 */
export function VotePanel({ proposalId, state }: { proposalId: string; state: string }) {
  const { deployment, chainId: expectedChainId } = usePublicConfig();
  const governor = deployment.contracts.HomeostatGovernor;
  const connection = useConnection();
  const walletChainId = connection.chainId;
  const account = connection.address;
  const detail = useProposalDetail(proposalId, account);
  const voter = detail.data?.voter ?? null;
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [mode, setMode] = useState<'tx' | 'sig'>('tx');
  // The last vote this panel sent. The form below unmounts as soon as the chain says the account
  // has voted (the 2 s proposal poll can see the vote before this page's receipt wait does), and
  // with it went the transaction's status: a holder would see "Pending… waiting for a block…"
  // vanish and never "Confirmed in block N". The status is kept here, outside the form.
  const [sent, setSent] = useState<Hex | null>(null);
  const onSent = useCallback((hash: Hex) => setSent(hash), []);
  useChainId();

  if (!account) return <VoteReadOnly />;
  if (walletChainId !== expectedChainId) {
    return (
      <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
        Your wallet is on another network. Switch to the app’s network (button at the top) to vote.
      </p>
    );
  }
  const advice = voter ? voterAdvice(voter) : null;
  const formShown = state === 'Active' && voter !== null && !voter.hasVoted;
  return (
    <div className="space-y-3" data-testid="vote-panel">
      {voter ? (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
          <dt className="text-slate-500">Your power at snapshot</dt>
          <dd className="font-mono" data-testid="power-at-snapshot">
            {voter.votesAtSnapshot === null ? 'snapshot not reached' : formatToken(voter.votesAtSnapshot)}
          </dd>
          <dt className="text-slate-500">Balance now</dt>
          <dd className="font-mono">{formatToken(voter.balance)} HOME</dd>
        </dl>
      ) : detail.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load your voting power: {userFacingError(detail.error)}{' '}
          <button type="button" className="btn-secondary" onClick={() => void detail.refetch()}>
            Retry
          </button>
        </p>
      ) : (
        <div className="h-10 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      )}
      {advice && advice.kind !== 'can-vote' ? (
        <p
          className={`text-sm ${advice.kind === 'already-voted' ? 'text-green-700 dark:text-green-400' : 'text-amber-700 dark:text-amber-400'}`}
          data-testid="voter-advice"
        >
          {advice.text}
        </p>
      ) : null}
      {voter && (advice?.kind === 'not-delegated' || advice?.kind === 'delegated-away') ? (
        <DelegateAction
          account={account}
          token={deployment.contracts.HomeostatToken}
          delegatedAway={advice.kind === 'delegated-away'}
        />
      ) : null}
      {state !== 'Active' ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Voting is not open ({state}).</p>
      ) : voter && !voter.hasVoted ? (
        <>
          <div>
            <label htmlFor={reasonId} className="block text-sm font-medium">
              Reason (optional, public and permanent)
            </label>
            <textarea
              id={reasonId}
              className="mt-1 w-full rounded border border-slate-300 bg-white p-2 text-sm dark:border-slate-700 dark:bg-slate-950"
              rows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="vote-reason"
            />
          </div>
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="sr-only">How to vote</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name={`mode-${proposalId}`} checked={mode === 'tx'} onChange={() => setMode('tx')} />
              Send a transaction (you pay gas)
            </label>
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name={`mode-${proposalId}`}
                checked={mode === 'sig'}
                onChange={() => setMode('sig')}
                data-testid="mode-signature"
              />
              Sign only (gasless; anyone can submit it)
            </label>
          </fieldset>
          {mode === 'tx' ? (
            <TxVote
              proposalId={BigInt(proposalId)}
              reason={reason}
              governor={governor}
              account={account}
              onSent={onSent}
            />
          ) : (
            <SignatureVote
              proposalId={BigInt(proposalId)}
              reason={reason}
              governor={governor}
              account={account}
              onSent={onSent}
            />
          )}
        </>
      ) : null}
      {sent && !formShown ? <SentVoteStatus hash={sent} /> : null}
      <RelaySignedVote />
    </div>
  );
}

const ignoreSent = () => undefined;

function useInvalidateOnSuccess(success: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (success) void queryClient.invalidateQueries({ queryKey: ['governance'] });
  }, [success, queryClient]);
}

function TxStatus({
  signing,
  hash,
  receipt,
  error,
}: {
  signing: boolean;
  hash: Hex | undefined;
  receipt: {
    isLoading: boolean;
    isSuccess: boolean;
    isError: boolean;
    error: unknown;
    data?: { blockNumber: bigint } | undefined;
  };
  error: string | null;
}) {
  const text = signing
    ? 'Awaiting your signature in the wallet…'
    : error
      ? `Failed: ${error}`
      : hash && receipt.isLoading
        ? `Pending: transaction ${hash.slice(0, 10)}… sent, waiting for a block…`
        : receipt.isSuccess
          ? `Confirmed in block ${receipt.data?.blockNumber}.`
          : receipt.isError
            ? `Failed: ${userFacingError(receipt.error)}`
            : '';
  return (
    <p
      className={`text-sm ${error || receipt.isError ? 'text-red-700 dark:text-red-400' : ''}`}
      role={error || receipt.isError ? 'alert' : 'status'}
      data-testid="vote-status"
    >
      {text}
    </p>
  );
}

/**
 * The status of a vote this panel sent, once the form that sent it is gone (the account has
 * voted). The receipt query is the form's own (same key: react-query hands the running wait
 * over), so it neither starts again nor misses the block.
 */
function SentVoteStatus({ hash }: { hash: Hex }) {
  const receipt = useWaitForTransactionReceipt({ hash });
  useInvalidateOnSuccess(receipt.isSuccess);
  return <TxStatus signing={false} hash={hash} receipt={receipt} error={null} />;
}

/** Tells the panel the hash of each transaction sent from here. */
function useReportSent(hash: Hex | undefined, onSent: (hash: Hex) => void) {
  useEffect(() => {
    if (hash) onSent(hash);
  }, [hash, onSent]);
}

function TxVote({
  proposalId,
  reason,
  governor,
  account,
  onSent,
}: {
  proposalId: bigint;
  reason: string;
  governor: `0x${string}`;
  account: `0x${string}`;
  onSent: (hash: Hex) => void;
}) {
  const client = usePublicClient();
  const write = useWriteContract();
  const receipt = useWaitForTransactionReceipt({ hash: write.data });
  const [preflightError, setPreflightError] = useState<string | null>(null);
  useInvalidateOnSuccess(receipt.isSuccess);
  useReportSent(write.data, onSent);
  const busy = write.isPending || (Boolean(write.data) && receipt.isLoading);

  const cast = async (support: VoteSupportValue) => {
    setPreflightError(null);
    write.reset();
    const request = reason.trim()
      ? ({
          address: governor,
          abi: homeostatGovernorAbi,
          functionName: 'castVoteWithReason',
          args: [proposalId, support, reason.trim()],
        } as const)
      : ({
          address: governor,
          abi: homeostatGovernorAbi,
          functionName: 'castVote',
          args: [proposalId, support],
        } as const);
    let gas: bigint | undefined;
    if (client) {
      try {
        // Simulate first: a vote that would revert is explained before the wallet is asked.
        await client.simulateContract({ ...request, account } as Parameters<typeof client.simulateContract>[0]);
        gas = await estimateGasWithHeadroom(client, { ...request, account } as Parameters<
          typeof estimateGasWithHeadroom
        >[1]);
      } catch (e) {
        setPreflightError(userFacingError(e));
        return;
      }
    }
    write.mutate({ ...request, gas } as Parameters<typeof write.mutate>[0]);
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {choices.map((c) => (
          <button
            key={c.value}
            type="button"
            className={c.className}
            disabled={busy}
            onClick={() => void cast(c.value)}
          >
            {c.label}
          </button>
        ))}
      </div>
      <TxStatus
        signing={write.isPending}
        hash={write.data}
        receipt={receipt}
        error={preflightError ?? (write.error ? userFacingError(write.error) : null)}
      />
    </div>
  );
}

function SignatureVote({
  proposalId,
  reason,
  governor,
  account,
  onSent,
}: {
  proposalId: bigint;
  reason: string;
  governor: `0x${string}`;
  account: `0x${string}`;
  onSent: (hash: Hex) => void;
}) {
  const { chainId } = usePublicConfig();
  const client = usePublicClient();
  const sign = useSignTypedData();
  const [ballot, setBallot] = useState<SignedBallot | null>(null);
  const [error, setError] = useState<string | null>(null);

  const signVote = async (support: VoteSupportValue) => {
    setError(null);
    setBallot(null);
    try {
      const nonce = await client!.readContract({
        address: governor,
        abi: homeostatGovernorAbi,
        functionName: 'nonces',
        args: [account],
      });
      const text = reason.trim();
      const base = { proposalId, support, voter: account, nonce };
      const signature = text
        ? await sign.mutateAsync({
            domain: governorDomain(chainId, governor),
            types: extendedBallotTypes,
            primaryType: 'ExtendedBallot',
            message: { ...base, reason: text, params: '0x' },
          })
        : await sign.mutateAsync({
            domain: governorDomain(chainId, governor),
            types: ballotTypes,
            primaryType: 'Ballot',
            message: base,
          });
      setBallot({
        governor,
        chainId,
        proposalId: proposalId.toString(),
        support,
        voter: account,
        nonce: nonce.toString(),
        reason: text,
        signature,
      });
    } catch (e) {
      setError(userFacingError(e));
    }
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {choices.map((c) => (
          <button
            key={c.value}
            type="button"
            className={c.className}
            disabled={sign.isPending}
            onClick={() => void signVote(c.value)}
          >
            Sign {c.label.toLowerCase()}
          </button>
        ))}
      </div>
      <p className="text-sm" role={error ? 'alert' : 'status'} data-testid="sign-status">
        {sign.isPending
          ? 'Awaiting your signature in the wallet…'
          : error
            ? `Not signed: ${error}`
            : ballot
              ? `Signed: ${supportName(ballot.support)}. No transaction was sent.`
              : ''}
      </p>
      {ballot ? <SubmitBallot ballot={ballot} onSent={onSent} /> : null}
    </div>
  );
}

/**
 * Submits a signed ballot from the connected wallet (which pays the gas: the voter's own, or a
 * relayer's). The signed JSON can also be copied and handed to anyone to submit.
 */
function SubmitBallot({ ballot, onSent }: { ballot: SignedBallot; onSent?: (hash: Hex) => void }) {
  const { address: account } = useConnection();
  const client = usePublicClient();
  const write = useWriteContract();
  const receipt = useWaitForTransactionReceipt({ hash: write.data });
  const [preflightError, setPreflightError] = useState<string | null>(null);
  useInvalidateOnSuccess(receipt.isSuccess);
  useReportSent(write.data, onSent ?? ignoreSent);
  const json = JSON.stringify(ballot, null, 2);
  const submit = async () => {
    setPreflightError(null);
    if (!account || !client) return;
    const request = ballot.reason
      ? ({
          address: ballot.governor,
          abi: homeostatGovernorAbi,
          functionName: 'castVoteWithReasonAndParamsBySig',
          args: [BigInt(ballot.proposalId), ballot.support, ballot.voter, ballot.reason, '0x', ballot.signature],
        } as const)
      : ({
          address: ballot.governor,
          abi: homeostatGovernorAbi,
          functionName: 'castVoteBySig',
          args: [BigInt(ballot.proposalId), ballot.support, ballot.voter, ballot.signature],
        } as const);
    let gas: bigint | undefined;
    try {
      await client.simulateContract({ ...request, account } as Parameters<typeof client.simulateContract>[0]);
      gas = await estimateGasWithHeadroom(client, { ...request, account } as Parameters<
        typeof estimateGasWithHeadroom
      >[1]);
    } catch (e) {
      setPreflightError(userFacingError(e));
      return;
    }
    write.mutate({ ...request, gas } as Parameters<typeof write.mutate>[0]);
  };
  return (
    <div className="space-y-2 rounded border border-slate-200 p-2 dark:border-slate-800">
      <label className="block text-xs font-medium" htmlFor={`ballot-${ballot.signature.slice(2, 10)}`}>
        Signed vote (give it to any relayer, or submit it yourself)
      </label>
      <textarea
        id={`ballot-${ballot.signature.slice(2, 10)}`}
        readOnly
        rows={5}
        className="w-full rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
        value={json}
        data-testid="signed-ballot"
      />
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={() => void navigator.clipboard?.writeText(json)}>
          Copy signed vote
        </button>
        <button
          type="button"
          className="btn-primary"
          disabled={write.isPending || (Boolean(write.data) && receipt.isLoading)}
          onClick={() => void submit()}
        >
          Submit from connected wallet
        </button>
      </div>
      <TxStatus
        signing={write.isPending}
        hash={write.data}
        receipt={receipt}
        error={preflightError ?? (write.error ? userFacingError(write.error) : null)}
      />
    </div>
  );
}

/** Relay someone else's signed vote: paste the JSON, submit it, pay the gas. */
function RelaySignedVote() {
  const id = useId();
  const [text, setText] = useState('');
  const [ballot, setBallot] = useState<SignedBallot | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
        Relay a signed vote for someone else
      </summary>
      <label htmlFor={id} className="mt-2 block text-xs font-medium">
        Signed vote JSON
      </label>
      <textarea
        id={id}
        rows={4}
        className="mt-1 w-full rounded border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setBallot(null);
        }}
      />
      <button
        type="button"
        className="btn-secondary mt-1"
        onClick={() => {
          try {
            setBallot(parseSignedBallot(text));
            setError(null);
          } catch (e) {
            setError((e as Error).message);
          }
        }}
      >
        Check signed vote
      </button>
      {error ? (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      ) : null}
      {ballot ? (
        <p className="mt-1">
          {supportName(ballot.support)} by <code>{ballot.voter}</code> on proposal {ballot.proposalId.slice(0, 12)}…
        </p>
      ) : null}
      {ballot ? <SubmitBallot ballot={ballot} /> : null}
    </details>
  );
}
