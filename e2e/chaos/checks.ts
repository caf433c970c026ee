/**
 * The checks `npm run chaos` makes after its fault-injection run: pure functions over what was
 * read from the chain, the agent's decision log and the two indexers, so each can be unit-tested
 * (test/chaos-checks.test.ts) with inputs that must fail.
 */
import type { Hex } from 'viem';
import { foldLog, type LogEntry } from '../../lib/agent/records';

export type Check = { name: string; ok: boolean; detail: string };

// ------------------------------------------------------------------ decisions and proposals

export type ChainDecision = { decisionId: Hex; proposalId: bigint; blockNumber: bigint };

export type DecisionReport = {
  decisions: number;
  withPlan: number;
  proposedOnChain: number;
  /** Decision ids with more than one `decision` entry in the log. */
  duplicatedInLog: Hex[];
  /** DecisionProposed on chain with no decision record in the log, or a record naming another proposal. */
  lost: Hex[];
  /** Log says "proposed" but the chain has no such DecisionProposed (e.g. a block lost with a chain restart). */
  phantom: Hex[];
  /** Decision ids proposed more than once on chain. */
  proposedTwice: Hex[];
  /** ProposalCreated ids that no DecisionProposed (or escalation) accounts for. */
  foreignProposals: bigint[];
  /** A plan logged in an earlier epoch that never reached an outcome (proposed, failed, abandoned). */
  unresolved: Hex[];
};

/**
 * The agent's durable log against the chain. `lastEpoch` is the newest epoch the agent decided
 * in: intents of earlier epochs must all have an outcome by the end of the run.
 */
export function checkDecisions(
  entries: readonly LogEntry[],
  onChain: readonly ChainDecision[],
  proposalCreated: readonly bigint[],
  escalated: readonly bigint[] = [],
): DecisionReport {
  const counts = new Map<Hex, number>();
  for (const e of entries) if (e.type === 'decision') counts.set(e.decisionId, (counts.get(e.decisionId) ?? 0) + 1);
  const folded = foldLog(entries);
  const lastEpoch = Math.max(-1, ...[...folded.values()].map((d) => d.decision.epoch));

  const byDecision = new Map<Hex, ChainDecision[]>();
  for (const ev of onChain) byDecision.set(ev.decisionId, [...(byDecision.get(ev.decisionId) ?? []), ev]);

  const lost: Hex[] = [];
  for (const [id, evs] of byDecision) {
    const d = folded.get(id);
    const ev = evs[0]!;
    if (!d?.decision.proposal || d.proposed?.proposalId !== ev.proposalId.toString()) lost.push(id);
  }
  const phantom: Hex[] = [];
  const unresolved: Hex[] = [];
  for (const [id, d] of folded) {
    if (d.proposed && !byDecision.has(id)) phantom.push(id);
    if (d.decision.proposal && !d.proposed && !d.failed && !d.abandoned && d.decision.epoch < lastEpoch) {
      unresolved.push(id);
    }
  }
  const known = new Set([...onChain.map((e) => e.proposalId), ...escalated]);
  return {
    decisions: folded.size,
    withPlan: [...folded.values()].filter((d) => d.decision.proposal).length,
    proposedOnChain: byDecision.size,
    duplicatedInLog: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    lost,
    phantom,
    proposedTwice: [...byDecision].filter(([, evs]) => evs.length > 1).map(([id]) => id),
    foreignProposals: proposalCreated.filter((id) => !known.has(id)),
    unresolved,
  };
}

// ------------------------------------------------------------------ guardrails

export type SupplyChange = { at: number; delta: bigint; oldSupply: bigint; blockNumber: bigint };

export type WindowReport = {
  changes: number;
  /** Largest |net change| over any window (bps of the budget at the window's last change, 10000 = full budget). */
  worstBudgetUseBps: number;
  violations: { at: number; net: bigint; budget: bigint }[];
};

/**
 * Every window of `windowSeconds` ending at a change, as the controller counts it ((end - L, end]),
 * over every suffix of the changes inside it: |net| must stay within that change's budget
 * (`budgetBps` of the supply before it).
 */
export function checkSupplyWindows(
  changes: readonly SupplyChange[],
  windowSeconds: number,
  budgetBps: bigint,
): WindowReport {
  const sorted = [...changes].sort((a, b) =>
    a.blockNumber === b.blockNumber ? 0 : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  const violations: WindowReport['violations'] = [];
  let worst = 0;
  for (let k = 0; k < sorted.length; k++) {
    const last = sorted[k]!;
    const budget = (last.oldSupply * budgetBps) / 10_000n;
    let sum = 0n;
    for (let j = k; j >= 0; j--) {
      const c = sorted[j]!;
      if (c.at + windowSeconds <= last.at) break;
      sum += c.delta;
      const abs = sum < 0n ? -sum : sum;
      if (budget > 0n) worst = Math.max(worst, Number((abs * 10_000n) / budget));
      if (abs > budget) violations.push({ at: last.at, net: sum, budget });
    }
  }
  return { changes: sorted.length, worstBudgetUseBps: worst, violations };
}

export type Guardrail = { min: bigint; max: bigint };

/** Parameters (index = id) within [min, max] of their guardrail; id 0 is the total supply. */
export function checkParameters(values: readonly bigint[], guardrails: readonly Guardrail[]): string[] {
  const out: string[] = [];
  values.forEach((v, id) => {
    const g = guardrails[id];
    if (!g) out.push(`parameter ${id}: no guardrail`);
    else if (v < g.min || v > g.max) out.push(`parameter ${id} = ${v} outside [${g.min}, ${g.max}]`);
  });
  return out;
}

export type ProposalOutcome = {
  id: bigint;
  lane: 'optimistic' | 'full';
  executed: boolean;
  canceled: boolean;
  votes: { against: bigint; for: bigint; abstain: bigint };
  /** Null when the chain cannot tell (the snapshot is not in the past of the chain's clock). */
  vetoThreshold: bigint | null;
  quorum: bigint | null;
  /** The harness's holders cast a veto (Against at or above the threshold) that the chain counted. */
  vetoCast: boolean;
};

/** Executed proposals must have passed their lane's rule; a counted veto or a cancel must never execute. */
export function checkNothingVetoedExecuted(proposals: readonly ProposalOutcome[]): string[] {
  const out: string[] = [];
  for (const p of proposals) {
    if (!p.executed) continue;
    const { against, for: pro, abstain } = p.votes;
    if (p.vetoThreshold === null || p.quorum === null) {
      out.push(`proposal ${p.id} executed but its thresholds cannot be read (snapshot not in the chain's past)`);
      continue;
    }
    const passed = p.lane === 'optimistic' ? against < p.vetoThreshold : pro > against && pro + abstain >= p.quorum;
    if (!passed) out.push(`proposal ${p.id} executed without passing (${p.lane}, against ${against}, for ${pro})`);
    if (p.vetoCast) out.push(`proposal ${p.id} executed although holders vetoed it`);
    if (p.canceled) out.push(`proposal ${p.id} executed although canceled`);
  }
  return out;
}

// ------------------------------------------------------------------ indexer tables

export type Tables = Record<string, readonly Record<string, unknown>[]>;

export type TableDiff = { table: string; rowsA: number; rowsB: number; onlyA: string[]; onlyB: string[] };

/** Row-set comparison per table (order-insensitive); rows are compared as canonical JSON. */
export function diffTables(a: Tables, b: Tables): TableDiff[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.map((table) => {
    const ra = (a[table] ?? []).map(canonical);
    const rb = (b[table] ?? []).map(canonical);
    const count = (rows: string[]) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r, (m.get(r) ?? 0) + 1);
      return m;
    };
    const ca = count(ra);
    const cb = count(rb);
    const onlyA: string[] = [];
    const onlyB: string[] = [];
    for (const [r, n] of ca) for (let i = cb.get(r) ?? 0; i < n; i++) onlyA.push(r);
    for (const [r, n] of cb) for (let i = ca.get(r) ?? 0; i < n; i++) onlyB.push(r);
    return { table, rowsA: ra.length, rowsB: rb.length, onlyA, onlyB };
  });
}

function canonical(row: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))));
}

// ------------------------------------------------------------------ summary table

/** Fixed-width text table (the first row is the header). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
