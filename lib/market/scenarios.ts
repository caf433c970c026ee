import { ConfigError } from '../errors';
import { SIM_STRESS, type SimStress } from '../sim/scenarios';

/**
 * Behaviour knobs of the simulated market. Probabilities are per simulated hour; fractions are
 * of the actor's own balance. The defaults describe an ordinary market; scenarios override a
 * few of them and pick a start date on the real price path.
 */
export type MarketBehaviour = {
  /** Noise trades per hour: Poisson mean. */
  noiseTradesPerHour: number;
  /** A noise trade spends this fraction of the trader's balance (uniform in [min, max]). */
  noiseTradeFraction: [number, number];
  /** Chance per hour that each LP adds liquidity, and that each LP removes some. */
  lpAddChance: number;
  lpRemoveChance: number;
  /** Fraction of an LP's free balance added / of its LP tokens removed. */
  lpAddFraction: number;
  lpRemoveFraction: number;
  /** Holder-to-holder transfers per hour: Poisson mean. */
  transfersPerHour: number;
  /** Chance per hour that each staker stakes / unstakes, and the fraction moved. */
  stakeChance: number;
  unstakeChance: number;
  stakeFraction: number;
  unstakeFraction: number;
  /** Chance per hour of a whale sell, and the fraction of the whale's balance sold. */
  whaleSellChance: number;
  whaleSellFraction: number;
  /** Price gap (relative) below which arbitrageurs do not trade. */
  arbDeadband: number;
};

export const DEFAULT_BEHAVIOUR: MarketBehaviour = {
  noiseTradesPerHour: 3,
  noiseTradeFraction: [0.01, 0.08],
  lpAddChance: 0.04,
  lpRemoveChance: 0.03,
  lpAddFraction: 0.1,
  lpRemoveFraction: 0.1,
  transfersPerHour: 2,
  stakeChance: 0.05,
  unstakeChance: 0.03,
  stakeFraction: 0.2,
  unstakeFraction: 0.25,
  whaleSellChance: 0.01,
  whaleSellFraction: 0.1,
  arbDeadband: 0.001,
};

export type ScenarioName =
  | 'default'
  | 'calm'
  | 'crash'
  | 'liquidity-drain'
  | 'staking-bank-run'
  | 'bank-run'
  | 'death-spiral';

export type Scenario = {
  name: ScenarioName;
  description: string;
  /** Start on the real path (ISO date), unless MARKET_START overrides it. */
  start: string;
  behaviour: Partial<MarketBehaviour>;
  /**
   * MARKET_MODEL=economy: what the scenario does to lib/sim's agents beyond the market factor's
   * path (which the start date picks). Applied during the first `hours` simulated hours by
   * lib/sim/scenarios.ts applyStress, the function the simulator's backtests use: the stresses
   * are lib/sim's SIM_STRESS entries of the same name, so a scenario means the same on both executors.
   */
  economy?: ScenarioStress;
};

/** lib/sim/scenarios.ts's stress (the one definition for the in-memory and the chain executor). */
export type ScenarioStress = SimStress;

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  default: {
    name: 'default',
    description: 'An ordinary stretch of the real path (autumn 2021) with default behaviour.',
    start: '2021-09-01',
    behaviour: {},
  },
  calm: {
    name: 'calm',
    description:
      'Mid-October 2018, the quietest fortnight of the data (about 15 % annualized volatility); fewer trades.',
    start: '2018-10-16',
    behaviour: { noiseTradesPerHour: 1.5, whaleSellChance: 0.002, transfersPerHour: 1 },
  },
  crash: {
    name: 'crash',
    description: 'The LUNA/UST collapse: 5 May 2022 on (BTC −26 % in eight days); panicky sellers, more whale dumps.',
    start: '2022-05-05',
    behaviour: { whaleSellChance: 0.08, whaleSellFraction: 0.2, unstakeChance: 0.1, noiseTradesPerHour: 6 },
  },
  'liquidity-drain': {
    name: 'liquidity-drain',
    description: 'June 2022 (Celsius/3AC, BTC −36 % in nine days) while liquidity providers pull out of the pool.',
    start: '2022-06-10',
    behaviour: { lpAddChance: 0, lpRemoveChance: 0.6, lpRemoveFraction: 0.25 },
    economy: SIM_STRESS['liquidity-drain'],
  },
  'staking-bank-run': {
    name: 'staking-bank-run',
    description: 'June 2022 (Celsius paused withdrawals on the 12th): stakers unstake en masse and sell.',
    start: '2022-06-10',
    behaviour: { stakeChance: 0, unstakeChance: 0.7, unstakeFraction: 0.8, whaleSellChance: 0.05 },
    economy: SIM_STRESS['staking-bank-run'],
  },
  'bank-run': {
    name: 'bank-run',
    description:
      'June 2022: a run on the staking pool and the pool’s liquidity at once (60 % of holders panic, unstake and sell while LPs pull 2 % of the pool an hour for 72 h).',
    start: '2022-06-10',
    behaviour: {
      stakeChance: 0,
      unstakeChance: 0.7,
      unstakeFraction: 0.8,
      whaleSellChance: 0.05,
      lpAddChance: 0,
      lpRemoveChance: 0.6,
      lpRemoveFraction: 0.25,
    },
    economy: SIM_STRESS['bank-run'],
  },
  'death-spiral': {
    name: 'death-spiral',
    description:
      'May 2022 (UST/LUNA) without the algorithmic stable: a 24 h panic and LP exit, then panic and LP exit that grow with the token’s fall for 120 h, so the fall feeds itself. The seigniorage mint needs a stable and a mint path the chain does not have (lib/sim/death-spiral.ts models it).',
    start: '2022-05-07',
    behaviour: {
      whaleSellChance: 0.1,
      whaleSellFraction: 0.25,
      stakeChance: 0,
      unstakeChance: 0.5,
      unstakeFraction: 0.6,
      lpAddChance: 0,
      lpRemoveChance: 0.4,
      lpRemoveFraction: 0.2,
      noiseTradesPerHour: 6,
    },
    economy: SIM_STRESS['death-spiral'],
  },
};

export function parseScenario(value: string | undefined): Scenario {
  const name = (value ?? '').trim() || 'default';
  const scenario = (SCENARIOS as Record<string, Scenario | undefined>)[name];
  if (!scenario) {
    throw new ConfigError('MARKET_SCENARIO', `"${name}" is not one of ${Object.keys(SCENARIOS).join(', ')}`);
  }
  return scenario;
}

export function behaviourOf(scenario: Scenario): MarketBehaviour {
  return { ...DEFAULT_BEHAVIOUR, ...scenario.behaviour };
}
