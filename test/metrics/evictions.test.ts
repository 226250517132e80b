import { describe, expect, it } from 'vitest';
import { classifyEvictions, priceReturn, type ListedMember } from '../../src/metrics/evictions.js';
import { priceReturnBetween } from '../../src/metrics/returns.js';

const list = (asOf: string, rows: [string, number | null][]) => ({
  asOf,
  members: rows.map(([ticker, priceUsd]): ListedMember => ({ ticker, name: `${ticker} Inc`, priceUsd })),
});

// Hand-checked: previous AAA BBB CCC DDD EEE; current BBB FFF GGG.
// Left: AAA, CCC, DDD, EEE. Later IWV holds AAA (10 → 15: +50%), CCC (20 → 18: −10%) and BBB; IWB holds DDD
// (no earlier price). EEE is in neither: dropped. Joined: FFF ($300m), GGG ($100m) → median $200m.
const previous = list('2023-11-03', [
  ['AAA', 10],
  ['BBB', 5],
  ['CCC', 20],
  ['DDD', null],
  ['EEE', 3],
]);
const current = list('2024-07-11', [
  ['BBB', 6],
  ['FFF', 7],
  ['GGG', 8],
]);
const iwv = list('2024-08-15', [
  ['AAA', 15],
  ['BBB', 6],
  ['CCC', 18],
]);
const iwb = list('2024-07-11', [['DDD', 40]]);
const caps = new Map([
  ['FFF', 300e6],
  ['GGG', 100e6],
]);

describe('classifyEvictions', () => {
  it('splits the leavers into moved up (in a later IWB/IWV, not in the later IWM) and dropped', () => {
    const e = classifyEvictions({ previous, current, larger: [iwv, iwb], cachedReturns: new Map(), marketCapsUsd: caps });
    expect(e).toEqual({
      from: '2023-11-03',
      to: '2024-07-11',
      previous: 5,
      current: 3,
      left: 4,
      movedUp: {
        count: 3,
        medianReturn: (0.5 + -0.1) / 2,
        members: [
          { ticker: 'AAA', name: 'AAA Inc', return: 0.5 },
          { ticker: 'CCC', name: 'CCC Inc', return: expect.closeTo(-0.1, 12) as number },
          { ticker: 'DDD', name: 'DDD Inc', return: null },
        ],
      },
      dropped: { count: 1 },
      joined: { count: 2, medianMarketCap: 200e6 },
    });
  });

  it('takes the return from cached price history where given', () => {
    const e = classifyEvictions({ previous, current, larger: [iwv], cachedReturns: new Map([['CCC', 0.8]]), marketCapsUsd: caps });
    expect(e.movedUp.members.map((m) => [m.ticker, m.return])).toEqual([
      ['CCC', 0.8],
      ['AAA', 0.5],
    ]);
    expect(e.movedUp.medianReturn).toBeCloseTo(0.65, 12);
    expect(e.dropped.count).toBe(2);
  });

  it('leaves moved-up and dropped unknown without a later IWB or IWV list, and the joiners median null without caps', () => {
    const e = classifyEvictions({ previous, current, larger: [], cachedReturns: new Map(), marketCapsUsd: new Map() });
    expect(e.left).toBe(4);
    expect(e.movedUp).toEqual({ count: null, medianReturn: null, members: [] });
    expect(e.dropped.count).toBeNull();
    expect(e.joined).toEqual({ count: 2, medianMarketCap: null });
  });

  it('never counts a name that is still in the current list as moved up, even if the larger list has it', () => {
    const e = classifyEvictions({ previous, current, larger: [iwv], cachedReturns: new Map(), marketCapsUsd: caps });
    expect(e.movedUp.members.map((m) => m.ticker)).not.toContain('BBB');
  });
});

describe('price returns', () => {
  it('priceReturn = later / earlier − 1, null without two positive prices', () => {
    expect(priceReturn(10, 15)).toBe(0.5);
    expect(priceReturn(null, 15)).toBeNull();
    expect(priceReturn(0, 15)).toBeNull();
  });

  it('priceReturnBetween uses the last closes on or before each date, within a week', () => {
    const points = [
      { date: '2023-11-02', close: 10, adjClose: null },
      { date: '2024-07-10', close: 12, adjClose: null },
    ];
    expect(priceReturnBetween(points, '2023-11-05', '2024-07-11')).toBeCloseTo(0.2, 12);
    expect(priceReturnBetween(points, '2023-11-20', '2024-07-11')).toBeNull();
    expect(priceReturnBetween(points, '2023-11-05', '2024-08-30')).toBeNull();
  });
});
