'use client';

import { useConnection } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { useVoter } from '@/components/api';
import { formatToken, shortAddress } from '@/components/format';
import { DelegateAction } from './delegate-action';
import { VoterPanelReadOnly } from './read-only';

const ZERO = '0x0000000000000000000000000000000000000000';

/** The connected holder's balance, voting power and delegation, with "delegate to myself". */
export function VoterPanel() {
  const { deployment } = usePublicConfig();
  const token = deployment.contracts.HomeostatToken;
  const connection = useConnection();
  const account = connection.address;
  const voter = useVoter(account);

  if (!account) return <VoterPanelReadOnly />;
  const info = voter.data;
  const selfDelegated = info?.delegate.toLowerCase() === account.toLowerCase();
  const delegatedAway = info && info.delegate !== ZERO && !selfDelegated;
  return (
    <section aria-labelledby="voter-heading" className="card">
      <h2 id="voter-heading" className="card-title">
        Your votes
      </h2>
      {info ? (
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">Balance</dt>
          <dd className="font-mono" data-testid="voter-balance">
            {formatToken(info.balance)} HOME
          </dd>
          <dt className="text-slate-500">Voting power</dt>
          <dd className="font-mono" data-testid="voting-power">
            {formatToken(info.votes)}
          </dd>
          <dt className="text-slate-500">Delegated to</dt>
          <dd className="font-mono">
            {info.delegate === ZERO ? 'nobody' : selfDelegated ? 'yourself' : shortAddress(info.delegate)}
          </dd>
        </dl>
      ) : (
        <div className="mt-2 h-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      )}
      {info && info.balance > 0n && !selfDelegated ? (
        <DelegateAction account={account} token={token} delegatedAway={Boolean(delegatedAway)} />
      ) : null}
    </section>
  );
}
