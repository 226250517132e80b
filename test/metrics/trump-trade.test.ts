import { describe, expect, it } from 'vitest';
import { alignPairs, oddsOnTradingDays, trumpTrade, windowResult } from '../../src/metrics/trump-trade.js';
import { median, pearson } from '../../src/metrics/stats.js';

const t = (iso: string) => Date.parse(iso) / 1000;

describe('odds alignment', () => {
  it('takes the last observation at or before 21:00 UTC, never past the series end', () => {
    const odds = [
      { t: t('2024-11-01T20:00:00Z'), p: 0.5 },
      { t: t('2024-11-01T21:30:00Z'), p: 0.6 }, // after the cut-off: belongs to the next day
      { t: t('2024-11-04T21:00:00Z'), p: 0.55 }, // exactly at the cut-off: counts
    ];
    const days = oddsOnTradingDays(['2024-10-31', '2024-11-01', '2024-11-04', '2024-11-05'], odds);
    expect([...days.entries()]).toEqual([
      ['2024-11-01', 50],
      ['2024-11-04', 55.00000000000001],
    ]);
  });

  it('pairs consecutive trading days that both have odds', () => {
    const closes = [
      { date: '2024-11-01', close: 100 },
      { date: '2024-11-04', close: 110 },
      { date: '2024-11-05', close: 99 },
    ];
    const odds = [
      { t: t('2024-11-01T12:00:00Z'), p: 0.5 },
      { t: t('2024-11-04T12:00:00Z'), p: 0.6 },
      { t: t('2024-11-05T12:00:00Z'), p: 0.4 },
    ];
    const pairs = alignPairs(closes, odds);
    expect(pairs.map((p) => p.date)).toEqual(['2024-11-04', '2024-11-05']);
    expect(pairs[0]!.logReturn).toBeCloseTo(Math.log(1.1), 10);
    expect(pairs[0]!.oddsChangePoints).toBeCloseTo(10, 10);
    expect(pairs[1]!.oddsChangePoints).toBeCloseTo(-20, 10);
  });

  it('returns null correlation for fewer than 3 pairs and for one day of odds', () => {
    const result = trumpTrade('s', [{ t: t('2024-11-01T12:00:00Z'), p: 0.5 }], [{ date: '2024-11-01', close: 1 }, { date: '2024-11-04', close: 2 }], null);
    expect(result.windows.all).toEqual({ n: 0, from: null, to: null, correlation: null, beta: null });
  });

  it('computes beta as IWM % per +10 points', () => {
    // returns 1%, 2%, 3% (as ln) against +10, +20, +30 points: slope 0.1 %/point → 1 % per 10 points
    const pairs = [1, 2, 3].map((k) => ({ date: `2024-11-0${k}`, logReturn: k / 100, oddsChangePoints: 10 * k }));
    const w = windowResult(pairs, 'all');
    expect(w.correlation).toBeCloseTo(1, 10);
    expect(w.beta).toBeCloseTo(1, 10);
    expect(windowResult(pairs, '30').n).toBe(3);
  });
});

describe('stats', () => {
  it('computes medians and refuses zero variance', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
