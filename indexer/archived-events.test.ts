import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCHIVED_EVENTS, archivedLogKeys } from './archived-events';

describe('ARCHIVED_EVENTS', () => {
  it('lists exactly the events the indexer handles (StableToken apart: only the treasury’s transfers are synced)', () => {
    const dir = path.join(__dirname, 'src');
    const handled = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(
        /ponder\.on\(\s*'([A-Za-z0-9]+:[A-Za-z0-9]+)'/g,
      )) {
        handled.add(m[1]!);
      }
    }
    const listed = new Set(
      Object.entries(ARCHIVED_EVENTS).flatMap(([contract, { events }]) => events.map((e) => `${contract}:${e}`)),
    );
    expect([...handled].filter((h) => !h.startsWith('StableToken:')).sort()).toEqual([...listed].sort());
  });

  it('keys each event by its contract’s address and topic0', () => {
    const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const;
    const keys = archivedLogKeys({
      chainId: 31337,
      startBlock: 1,
      contracts: { HomeostatGovernor: a(1), UniswapV2Pair: a(2) } as never,
    });
    // Sync(uint112,uint112)
    expect(keys.has(`${a(2)} 0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1`)).toBe(true);
    expect([...keys].filter((k) => k.startsWith(a(1)))).toHaveLength(8);
    expect(keys.size).toBe(12);
  });
});
