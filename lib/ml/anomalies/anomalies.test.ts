import { describe, expect, it } from 'vitest';
import { readPriceCsv } from '../../data/node';
import { detectAnomalies } from './detector';
import { injectAnomalies, scoreDetections } from './inject';

const prices = readPriceCsv('data/prices/btcusd_1h_2018-05_2023-03.csv');
const N = 1500;
const base = {
  timestamp: prices.timestamp.slice(0, N),
  price: prices.close.slice(0, N),
  volume: prices.volume!.slice(0, N),
  liquidity: new Array<number>(N).fill(5e6),
};

describe('anomaly detector', () => {
  it('flags each kind of planted event on a real slice and names it', () => {
    const price = base.price.slice();
    const volume = base.volume.slice();
    const liquidity = base.liquidity.slice();
    price[600] = price[600]! * 1.25; // oracle print, no volume
    for (let t = 900; t < N; t++) price[t] = price[t]! * 0.93; // dump with volume
    volume[900] = volume[900]! * 12;
    volume[1100] = volume[1100]! * 30; // volume, no move
    for (let t = 1300; t < N; t++) liquidity[t] = liquidity[t]! * 0.5; // drain
    const s = detectAnomalies({ ...base, price, volume, liquidity });
    expect(s[600]).toMatchObject({ flag: true, kind: 'oracle_spike' });
    expect(s[601]!.flag).toBe(false); // the reverting hour is not a second spike
    expect(s[900]).toMatchObject({ flag: true, kind: 'whale_dump' });
    expect(s[1100]).toMatchObject({ flag: true, kind: 'wash_burst' });
    expect(s[1300]).toMatchObject({ flag: true, kind: 'liquidity_drain' });
    for (const x of s) {
      expect(x.score).toBeGreaterThanOrEqual(0);
      expect(x.score).toBeLessThanOrEqual(1);
    }
  });

  it('is walk-forward: scores up to t do not change when later rows change', () => {
    const a = detectAnomalies(base);
    const b = detectAnomalies({ ...base, price: base.price.map((p, i) => (i > 1000 ? p * 2 : p)) });
    expect(b.slice(0, 1001)).toEqual(a.slice(0, 1001));
  });

  it('injects seeded labelled events and scores detections by hand', () => {
    const inj = injectAnomalies(base, { perKind: 3, seed: 1 });
    expect(inj.label.filter((l) => l !== null)).toHaveLength(12);
    expect(injectAnomalies(base, { perKind: 3, seed: 1 }).label).toEqual(inj.label);
    const label = ['whale_dump', null, 'oracle_spike', null] as const;
    const flags = [
      { flag: true, kind: 'whale_dump' },
      { flag: true, kind: 'whale_dump' },
      { flag: false, kind: 'none' },
      { flag: false, kind: 'none' },
    ];
    const m = scoreDetections([...label], flags);
    expect(m.perKind.whale_dump).toMatchObject({ injected: 1, detected: 1, recall: 1, precision: 0.5 });
    expect(m.perKind.oracle_spike).toMatchObject({ injected: 1, detected: 0, recall: 0 });
    expect(m.falseFlagRate).toBe(0.5);
  });
});
