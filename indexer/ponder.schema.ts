/**
 * Homeostat indexer schema.
 *
 * Conventions: token amounts are `bigint` (numeric(78), raw wei / stable units); prices are
 * doubles in stable per HOME, already decimal-adjusted; `timestamp` columns are unix seconds
 * (block time); `hour` columns are the unix second the UTC hour starts.
 *
 * Three kinds of table:
 * - event logs (one row per event, id `<txHash>-<logIndex>`): swap, reserve, transfer, …
 * - current state (one row per entity): account, protocol_state, proposal
 * - hourly roll-ups written as events arrive, so the API never aggregates raw events:
 *   candle (OHLC + volume), kpi_hourly (state at the end of the hour), balance_hourly
 *   (each account's balance at the end of every hour it changed).
 */
import { bigint, boolean, doublePrecision, index, int8, integer, onchainTable, primaryKey, relations } from 'ponder';

// ---------------------------------------------------------------- pool

export const swap = onchainTable(
  'swap',
  (t) => ({
    id: t.text().primaryKey(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.int8({ mode: 'number' }).notNull(),
    txHash: t.hex().notNull(),
    sender: t.hex().notNull(),
    recipient: t.hex().notNull(),
    /** 'buy' = HOME left the pool, 'sell' = HOME went in. */
    side: t.text().notNull(),
    homeIn: t.bigint().notNull(),
    homeOut: t.bigint().notNull(),
    stableIn: t.bigint().notNull(),
    stableOut: t.bigint().notNull(),
    /** Pool price right after the swap (stable per HOME). */
    price: t.doublePrecision().notNull(),
  }),
  (table) => ({ timestampIdx: index().on(table.timestamp) }),
);

/** Every Sync of the pair: reserves after the event. */
export const reserve = onchainTable(
  'reserve',
  (t) => ({
    id: t.text().primaryKey(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.int8({ mode: 'number' }).notNull(),
    reserveHome: t.bigint().notNull(),
    reserveStable: t.bigint().notNull(),
    price: t.doublePrecision().notNull(),
  }),
  (table) => ({ blockIdx: index().on(table.blockNumber), timestampIdx: index().on(table.timestamp) }),
);

/** Liquidity added (Mint) or removed (Burn) on the pair. */
export const liquidityEvent = onchainTable('liquidity_event', (t) => ({
  id: t.text().primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  kind: t.text().notNull(),
  sender: t.hex().notNull(),
  homeAmount: t.bigint().notNull(),
  stableAmount: t.bigint().notNull(),
}));

/**
 * Hourly OHLC of the pool price from every Sync; open is the previous hour's close (so
 * candles join up), volume from Swap events in both units.
 */
export const candle = onchainTable('candle', (t) => ({
  hour: t.int8({ mode: 'number' }).primaryKey(),
  open: t.doublePrecision().notNull(),
  high: t.doublePrecision().notNull(),
  low: t.doublePrecision().notNull(),
  close: t.doublePrecision().notNull(),
  volumeHome: t.bigint().notNull(),
  volumeStable: t.bigint().notNull(),
  swapCount: t.integer().notNull(),
  reserveHome: t.bigint().notNull(),
  reserveStable: t.bigint().notNull(),
}));

// ---------------------------------------------------------------- token

export const transfer = onchainTable(
  'transfer',
  (t) => ({
    id: t.text().primaryKey(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.int8({ mode: 'number' }).notNull(),
    txHash: t.hex().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ timestampIdx: index().on(table.timestamp) }),
);

export const account = onchainTable('account', (t) => ({
  address: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  staked: t.bigint().notNull(),
  votes: t.bigint().notNull(),
  delegate: t.hex(),
  updatedAt: t.int8({ mode: 'number' }).notNull(),
}));

/** Balance of an account at the end of each hour in which it changed. */
export const balanceHourly = onchainTable(
  'balance_hourly',
  (t) => ({
    address: t.hex().notNull(),
    hour: t.int8({ mode: 'number' }).notNull(),
    balance: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.address, table.hour] }), hourIdx: index().on(table.hour) }),
);

export const delegation = onchainTable('delegation', (t) => ({
  id: t.text().primaryKey(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  delegator: t.hex().notNull(),
  fromDelegate: t.hex().notNull(),
  toDelegate: t.hex().notNull(),
}));

/** Transfer fees: `toTreasury` went to the treasury, `burned` was destroyed. */
export const feeCharged = onchainTable('fee_charged', (t) => ({
  id: t.text().primaryKey(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  from: t.hex().notNull(),
  to: t.hex().notNull(),
  toTreasury: t.bigint().notNull(),
  burned: t.bigint().notNull(),
}));

/** Mints (from = 0) and burns (to = 0) of HOME, whatever caused them. */
export const supplyEvent = onchainTable(
  'supply_event',
  (t) => ({
    id: t.text().primaryKey(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.int8({ mode: 'number' }).notNull(),
    /** + mint, − burn. */
    delta: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    account: t.hex().notNull(),
  }),
  (table) => ({ timestampIdx: index().on(table.timestamp) }),
);

// ---------------------------------------------------------------- staking, treasury, oracle, controller

export const stakeEvent = onchainTable(
  'stake_event',
  (t) => ({
    id: t.text().primaryKey(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.int8({ mode: 'number' }).notNull(),
    /** 'stake' | 'unstake' | 'claim' */
    kind: t.text().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
  }),
  (table) => ({ timestampIdx: index().on(table.timestamp) }),
);

export const treasuryEvent = onchainTable('treasury_event', (t) => ({
  id: t.text().primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  /** 'buyback' | 'withdraw' | 'stable_in' | 'stable_out' | 'pol_add' | 'pol_remove' | 'range_buy' | 'range_sell' */
  kind: t.text().notNull(),
  asset: t.hex(),
  counterparty: t.hex(),
  amount: t.bigint().notNull(),
  /** Buyback and range buy: HOME bought and burned; POL add/remove: HOME in/out; range sell: HOME sold. */
  homeAmount: t.bigint(),
  epoch: t.bigint(),
}));

export const oracleSignal = onchainTable('oracle_signal', (t) => ({
  round: t.int8({ mode: 'number' }).primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  observedAt: t.int8({ mode: 'number' }).notNull(),
  sentimentBps: t.integer().notNull(),
  anomalyBps: t.integer().notNull(),
  offchainVolume: t.bigint().notNull(),
  contentHash: t.hex().notNull(),
}));

/** The market factor's price on the oracle's price feed (postMarketPrice), USD with 18 decimals. */
export const marketPrice = onchainTable('market_price', (t) => ({
  round: t.int8({ mode: 'number' }).primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  observedAt: t.int8({ mode: 'number' }).notNull(),
  price: t.bigint().notNull(),
}));

export const parameterChange = onchainTable('parameter_change', (t) => ({
  id: t.text().primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  txHash: t.hex().notNull(),
  paramId: t.integer().notNull(),
  oldValue: t.bigint().notNull(),
  newValue: t.bigint().notNull(),
}));

/** The controller's SupplyChanged (policy mint/burn and buyback burns). */
export const supplyChange = onchainTable('supply_change', (t) => ({
  id: t.text().primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  txHash: t.hex().notNull(),
  delta: t.bigint().notNull(),
  oldSupply: t.bigint().notNull(),
  newSupply: t.bigint().notNull(),
  windowNetChange: t.bigint().notNull(),
  buyback: t.boolean().notNull(),
}));

export const pauseEvent = onchainTable('pause_event', (t) => ({
  id: t.text().primaryKey(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
  paused: t.boolean().notNull(),
  account: t.hex().notNull(),
}));

// ---------------------------------------------------------------- governance

export const proposal = onchainTable(
  'proposal',
  (t) => ({
    id: t.bigint().primaryKey(),
    blockNumber: t.bigint().notNull(),
    createdAt: t.int8({ mode: 'number' }).notNull(),
    txHash: t.hex().notNull(),
    proposer: t.hex().notNull(),
    description: t.text().notNull(),
    targets: t.hex().array().notNull(),
    calldatas: t.hex().array().notNull(),
    /** ERC-6372 timepoints (the governor's clock is the timestamp). */
    voteStart: t.bigint().notNull(),
    voteEnd: t.bigint().notNull(),
    forVotes: t.bigint().notNull(),
    againstVotes: t.bigint().notNull(),
    abstainVotes: t.bigint().notNull(),
    voteCount: t.integer().notNull(),
    queuedAt: t.int8({ mode: 'number' }),
    eta: t.bigint(),
    executedAt: t.int8({ mode: 'number' }),
    canceledAt: t.int8({ mode: 'number' }),
    escalatedTo: t.bigint(),
  }),
  (table) => ({ createdIdx: index().on(table.createdAt) }),
);

/** DecisionProposed: the agent's commitments behind a proposal. */
export const decision = onchainTable('decision', (t) => ({
  proposalId: t.bigint().primaryKey(),
  decisionId: t.hex().notNull(),
  /** 0 full, 1 optimistic. */
  lane: t.integer().notNull(),
  modelHash: t.hex().notNull(),
  inputHash: t.hex().notNull(),
  justificationHash: t.hex().notNull(),
  justificationURI: t.text().notNull(),
}));

export const vote = onchainTable(
  'vote',
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    /** 0 against (veto), 1 for (approve), 2 abstain. */
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    params: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.int8({ mode: 'number' }).notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ proposalIdx: index().on(table.proposalId) }),
);

export const escalation = onchainTable('escalation', (t) => ({
  proposalId: t.bigint().primaryKey(),
  escalatedProposalId: t.bigint().notNull(),
  timestamp: t.int8({ mode: 'number' }).notNull(),
}));

/**
 * VerificationRecorded: the agent's Verify verdicts as the VerificationLog holds them, one row per
 * (decision, kind). Forecast figures stay in the contract's fixed point (1e9 = 1.0, annualised).
 */
export const verificationRecord = onchainTable(
  'verification_record',
  (t) => ({
    /** `<decisionId>-<kind>`. */
    id: t.text().primaryKey(),
    decisionId: t.hex().notNull(),
    /** 'forecast' | 'effect' */
    kind: t.text().notNull(),
    contentHash: t.hex().notNull(),
    /** Zero hash for the first record. */
    prevHash: t.hex().notNull(),
    windowFrom: t.int8({ mode: 'number' }).notNull(),
    windowTo: t.int8({ mode: 'number' }).notNull(),
    verifiedAt: t.int8({ mode: 'number' }).notNull(),
    recordedAt: t.int8({ mode: 'number' }).notNull(),
    forecast: t.bigint().notNull(),
    lower80: t.bigint().notNull(),
    upper80: t.bigint().notNull(),
    lower95: t.bigint().notNull(),
    upper95: t.bigint().notNull(),
    realised: t.bigint().notNull(),
    hit80: t.boolean().notNull(),
    hit95: t.boolean().notNull(),
    effectsChecked: t.integer().notNull(),
    effectsMatched: t.integer().notNull(),
    recorder: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ decisionIdx: index().on(table.decisionId), blockIdx: index().on(table.blockNumber) }),
);

// ---------------------------------------------------------------- protocol state and KPIs

const stateColumns = () => ({
  blockNumber: bigint().notNull(),
  timestamp: int8({ mode: 'number' }).notNull(),
  price: doublePrecision(),
  reserveHome: bigint().notNull(),
  reserveStable: bigint().notNull(),
  totalSupply: bigint().notNull(),
  totalStaked: bigint().notNull(),
  /** Sum of delegated voting power (votable supply). */
  delegatedVotes: bigint().notNull(),
  treasuryHome: bigint().notNull(),
  treasuryStable: bigint().notNull(),
  holderCount: integer().notNull(),
  /** Cumulative since deploy. */
  minted: bigint().notNull(),
  burned: bigint().notNull(),
  feesToTreasury: bigint().notNull(),
  feesBurned: bigint().notNull(),
  rewardsPaid: bigint().notNull(),
  volumeHome: bigint().notNull(),
  volumeStable: bigint().notNull(),
  transferCount: int8({ mode: 'number' }).notNull(),
  signalRound: int8({ mode: 'number' }),
  sentimentBps: integer(),
  anomalyBps: integer(),
  signalObservedAt: int8({ mode: 'number' }),
  paused: boolean().notNull(),
});

/** Current protocol-wide state (one row, id 'global'). */
export const protocolState = onchainTable('protocol_state', (t) => ({
  id: t.text().primaryKey(),
  ...stateColumns(),
}));

/** Protocol state at the end of each hour in which something changed. */
export const kpiHourly = onchainTable('kpi_hourly', (t) => ({
  hour: t.int8({ mode: 'number' }).primaryKey(),
  ...stateColumns(),
  /**
   * The same state as the API serves it (a JSON object's members, without the braces; token
   * amounts as decimal strings), written with the row. /api/kpis reads this one column: decoding
   * 25 columns of 720 rows cost ~10× more than the query itself.
   */
  json: t.text().notNull(),
}));

export const proposalRelations = relations(proposal, ({ one, many }) => ({
  decision: one(decision, { fields: [proposal.id], references: [decision.proposalId] }),
  votes: many(vote),
}));

export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));
