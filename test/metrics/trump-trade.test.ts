import { describe, expect, it } from 'vitest';
import { priceBasis } from '../../src/metrics/price-basis.js';
import {
  alignPairs,
  leadLag,
  logReturns,
  oddsOnTradingDays,
  relativeLogReturns,
  rollingCorrelation,
  trumpTrade,
  windowResult,
  type Pair,
} from '../../src/metrics/trump-trade.js';
import type { OddsPoint, PricePoint } from '../../src/metrics/inputs.js';
import { OCT_IWM_POINTS, OCT_ODDS_POINTS, OCT_SPY_POINTS } from './oct-2024.js';

const t = (iso: string) => Date.parse(iso) / 1000;
const DAYS = ['2024-10-31', '2024-11-01', '2024-11-04', '2024-11-05', '2024-11-06', '2024-11-07'];

// Odds per trading day under the 21:00 UTC rule:
//   10-31: first observation is 22:00 → nothing at or before 21:00 → no odds (a trading day with no odds)
//   11-01: 20:59 → 50 (the 21:01 observation belongs to a later day)
//   11-04: the 21:00:00 observation counts (at the cut-off) → 60, replacing 99 from 11-01 21:01
//   11-05: 50; 11-06: 70 (the last observation, 03:00)
//   11-07: after the last observation's UTC date → no odds (never carried forward)
const ODDS: OddsPoint[] = [
  { t: t('2024-10-31T22:00:00Z'), p: 0.4 },
  { t: t('2024-11-01T20:59:00Z'), p: 0.5 },
  { t: t('2024-11-01T21:01:00Z'), p: 0.99 },
  { t: t('2024-11-04T21:00:00Z'), p: 0.6 },
  { t: t('2024-11-05T12:00:00Z'), p: 0.5 },
  { t: t('2024-11-06T03:00:00Z'), p: 0.7 },
];

/** Closes with the given daily log returns from 100 (the first day has none). */
function pricesFrom(logs: number[], adjusted = true): PricePoint[] {
  let level = 100;
  return DAYS.map((date, i) => {
    if (i > 0) level *= Math.exp(logs[i - 1]!);
    return { date, close: level * 1.01, adjClose: adjusted ? level : null };
  });
}

// Log returns into 11-01, 11-04, 11-05, 11-06, 11-07: only 11-04..11-06 pair with odds.
const IWM = pricesFrom([0.2, 0.01, -0.02, 0.03, 0.05]);

describe('odds on trading days', () => {
  it('takes the last observation at or before 21:00 UTC, within the series dates only', () => {
    const onDay = oddsOnTradingDays(DAYS, [...ODDS].reverse());
    expect([...onDay.keys()]).toEqual(['2024-11-01', '2024-11-04', '2024-11-05', '2024-11-06']);
    expect(onDay.get('2024-11-01')).toBeCloseTo(50, 10);
    expect(onDay.get('2024-11-04')).toBeCloseTo(60, 10);
    expect(onDay.get('2024-11-06')).toBeCloseTo(70, 10);
  });

  it('has nothing without observations', () => {
    expect(oddsOnTradingDays(DAYS, []).size).toBe(0);
  });
});

describe('pairs', () => {
  it('pairs consecutive trading days that both have odds, skipping a day without', () => {
    // 10-31 has no odds, so 10-31 → 11-01 (log return 0.2) is not a pair; nor is 11-06 → 11-07.
    const pairs = alignPairs(logReturns(IWM, 'adjClose'), ODDS);
    // 11-01 → 11-04: (0.01, 60 − 50 = +10); 11-04 → 11-05: (−0.02, −10); 11-05 → 11-06: (0.03, +20)
    expect(pairs.map((p) => [p.previousDate, p.date])).toEqual([
      ['2024-11-01', '2024-11-04'],
      ['2024-11-04', '2024-11-05'],
      ['2024-11-05', '2024-11-06'],
    ]);
    expect(pairs.map((p) => p.logReturn)).toEqual([expect.closeTo(0.01, 12), expect.closeTo(-0.02, 12), expect.closeTo(0.03, 12)]);
    expect(pairs.map((p) => p.oddsChangePoints)).toEqual([expect.closeTo(10, 10), expect.closeTo(-10, 10), expect.closeTo(20, 10)]);
  });

  it('does not carry the odds past the end of a series that stops before the prices do', () => {
    // The series ends 11-04 21:00: 11-05 onwards have no odds, so only 11-01 → 11-04 pairs.
    const pairs = alignPairs(logReturns(IWM, 'adjClose'), ODDS.slice(0, 4));
    expect(pairs.map((p) => p.date)).toEqual(['2024-11-04']);
  });
});

describe('Trump trade windows', () => {
  it('correlates IWM log returns with odds changes and gives beta as % per +10 points', () => {
    // x = +10, −10, +20 points; y = 100·ln r = 1, −2, 3 %.
    // r = 230 / √(1400·38) = 0.997176; slope = (230/3)/(1400/3) = 0.164286 %/point → beta 1.64286 % per 10 points
    const result = trumpTrade('Trump wins', ODDS, IWM, null);
    expect(result.basis).toBe('adjClose');
    expect(result.windows.all).toEqual({
      n: 3,
      from: '2024-11-04',
      to: '2024-11-06',
      correlation: expect.closeTo(0.997176, 6),
      // adjusted closes 100·e^0.21, 100·e^0.19, 100·e^0.22 against odds 60, 50, 70 (python3: 0.9826767805446035)
      levelCorrelation: expect.closeTo(0.9826767805446035, 12),
      beta: expect.closeTo(1.642857, 6),
    });
    // fewer pairs than the window: all three
    expect(result.windows['30']).toEqual(result.windows.all);
    expect(result.relative).toBeNull();
  });

  it('uses adjusted closes, and plain closes when any point lacks one', () => {
    // Double the plain close on 11-05: the adjusted returns (and beta) stay as they were...
    const mixed = IWM.map((p, i) => ({ ...p, close: i === 3 ? p.close * 2 : p.close }));
    expect(trumpTrade('s', ODDS, mixed, null).windows.all.beta).toBeCloseTo(1.642857, 6);
    // ...until one point lacks an adjusted close: then every return comes from plain closes, 11-05's included.
    const priceOnly = mixed.map((p, i) => (i === 0 ? { ...p, adjClose: null } : p));
    expect(priceBasis(priceOnly)).toBe('close');
    const result = trumpTrade('s', ODDS, priceOnly, null);
    expect(result.basis).toBe('close');
    expect(result.windows.all.beta).not.toBeCloseTo(1.642857, 3);
  });

  it('has no correlation from one day of odds', () => {
    const result = trumpTrade('s', [{ t: t('2024-11-04T12:00:00Z'), p: 0.5 }], IWM, null);
    expect(result.windows.all).toEqual({ n: 0, from: null, to: null, correlation: null, levelCorrelation: null, beta: null });
  });

  it('has no correlation from fewer than three pairs', () => {
    const result = trumpTrade('s', ODDS.slice(0, 5), IWM, null);
    expect(result.windows.all).toMatchObject({ n: 2, from: '2024-11-04', to: '2024-11-05', correlation: null, beta: null });
  });

  it('has no correlation or beta when the odds change by the same amount every day', () => {
    const pairs: Pair[] = [1, 2, 3].map((k) => ({
      date: `2024-11-0${k + 1}`,
      previousDate: `2024-11-0${k}`,
      logReturn: k / 100,
      oddsChangePoints: 5,
      level: 100,
      oddsPoints: 50 + 5 * k,
    }));
    // A constant price level has no level correlation either.
    expect(windowResult(pairs, 'all')).toMatchObject({ n: 3, correlation: null, levelCorrelation: null, beta: null });
    // Flat returns against moving odds: no correlation, a beta of 0.
    const flat = pairs.map((p, k) => ({ ...p, logReturn: 0.01, oddsChangePoints: k }));
    expect(windowResult(flat, 'all')).toMatchObject({ correlation: null, beta: 0 });
  });

  it('takes the last N pairs for a window of N', () => {
    const pairs: Pair[] = Array.from({ length: 100 }, (_, k) => ({
      date: `d${String(k).padStart(3, '0')}`,
      previousDate: '',
      logReturn: ((k * 7) % 11) / 100,
      oddsChangePoints: (k * 3) % 5,
      level: 100 + k,
      oddsPoints: 50,
    }));
    const w = windowResult(pairs, '30');
    expect(w).toMatchObject({ n: 30, from: 'd070', to: 'd099' });
    expect(windowResult(pairs, '90')).toMatchObject({ n: 90, from: 'd010', to: 'd099' });
    expect(windowResult(pairs, 'all')).toMatchObject({ n: 100, from: 'd000', to: 'd099' });
    expect(w.correlation).toBeCloseTo(windowResult(pairs.slice(70), 'all').correlation!, 12);
  });
});

describe('relative to a benchmark', () => {
  it('subtracts the benchmark log return on days both series have', () => {
    // SPY log returns 0.005 each day, and SPY lacks 11-07 (irrelevant: no odds) → relative y = 0.5, −2.5, 2.5 %
    const spy = pricesFrom([0.005, 0.005, 0.005, 0.005, 0.005]).slice(0, 5);
    const returns = relativeLogReturns(IWM, spy, 'adjClose');
    expect(returns.map((r) => r.date)).toEqual(['2024-11-01', '2024-11-04', '2024-11-05', '2024-11-06']);
    expect(returns[1]!.logReturn).toBeCloseTo(0.005, 12);
    const result = trumpTrade('s', ODDS, IWM, { symbol: 'SPY', points: spy });
    // x = 10, −10, 20; y = 0.5, −2.5, 2.5: x̄ = 20/3, ȳ = 1/6; Σdxdy = 3.3333·0.3333 + (−16.6667)(−2.6667) + 13.3333·2.3333
    // = 1.1111 + 44.4444 + 31.1111 = 76.6667 (the constant shift leaves covariance unchanged) → beta 1.642857 again
    expect(result.relative).toMatchObject({ benchmark: 'SPY', basis: 'adjClose' });
    expect(result.relative!.windows.all).toMatchObject({ n: 3, beta: expect.closeTo(1.642857, 6) });
  });

  it('drops a day missing from the benchmark before pairing', () => {
    // SPY without 11-05: common days 10-31, 11-01, 11-04, 11-06, 11-07 → 11-04 → 11-06 is one relative return
    const spy = pricesFrom([0, 0, 0, 0, 0]).filter((p) => p.date !== '2024-11-05');
    const returns = relativeLogReturns(IWM, spy, 'adjClose');
    expect(returns.map((r) => [r.previousDate, r.date])).toContainEqual(['2024-11-04', '2024-11-06']);
    // ln over two days: −0.02 + 0.03 = 0.01
    expect(returns.find((r) => r.date === '2024-11-06')!.logReturn).toBeCloseTo(0.01, 12);
  });

  it('uses plain closes for both when the benchmark has no adjusted closes', () => {
    const spy = pricesFrom([0, 0, 0, 0, 0], false);
    const result = trumpTrade('s', ODDS, IWM, { symbol: 'QQQ', points: spy });
    expect(result.basis).toBe('adjClose');
    expect(result.relative?.basis).toBe('close');
  });
});

describe('level correlation, lead/lag and rolling correlation', () => {
  const pairs = alignPairs(logReturns(OCT_IWM_POINTS, 'close'), OCT_ODDS_POINTS);

  it('pairs every day after the first (10-10 without an observation keeps the odds of 10-09)', () => {
    expect(pairs).toHaveLength(15);
    expect(pairs.find((p) => p.date === '2024-10-10')).toMatchObject({ oddsPoints: expect.closeTo(58, 9), oddsChangePoints: expect.closeTo(0, 9) });
  });

  it('correlates the close with the odds level on the same days', () => {
    expect(windowResult(pairs, 'all').levelCorrelation).toBeCloseTo(0.9038636873642697, 12);
  });

  it('correlates the IWM move on D with the odds change on D−1, D and D+1 (14, 15 and 14 pairs)', () => {
    const r = leadLag(pairs);
    expect(r['-1']).toBeCloseTo(-0.592369879180881, 12);
    expect(r['0']).toBeCloseTo(0.5125186135344654, 12);
    expect(r['0']).toBeCloseTo(windowResult(pairs, 'all').correlation!, 12);
    expect(r['1']).toBeCloseTo(-0.06922711391165037, 12);
  });

  it('matches only neighbouring trading days in the lead/lag', () => {
    // Without 10-09's pair, 10-10 has no D−1 partner and 10-08 no D+1 partner: lags of ±1 lose two pairs each.
    // (python3, the same loop over the 14 remaining pairs: 12 matched, r = −0.6297107226992615)
    const gapped = pairs.filter((p) => p.date !== '2024-10-09');
    expect(leadLag(gapped)['-1']).toBeCloseTo(-0.6297107226992615, 12);
  });

  it('correlates each run of N consecutive pairs, dated by its last pair', () => {
    const rolling = rollingCorrelation(pairs, 5);
    expect(rolling.map((r) => r.date)).toEqual([
      '2024-10-08',
      '2024-10-09',
      '2024-10-10',
      '2024-10-11',
      '2024-10-14',
      '2024-10-15',
      '2024-10-16',
      '2024-10-17',
      '2024-10-18',
      '2024-10-21',
      '2024-10-22',
    ]);
    expect(rolling[0]!.correlation).toBeCloseTo(0.9999134469434036, 12);
    expect(rolling[3]!.correlation).toBeCloseTo(0.6880823762555855, 12);
    expect(rolling.at(-1)!.correlation).toBeCloseTo(0.828102598052695, 12);
    expect(rollingCorrelation(pairs, 30)).toEqual([]);
  });

  it('reports lead/lag and the events in the Trump-trade result', () => {
    const result = trumpTrade('s', OCT_ODDS_POINTS, OCT_IWM_POINTS, { symbol: 'SPY', points: OCT_SPY_POINTS }, 2);
    expect(result.leadLag['-1']).toBeCloseTo(-0.592369879180881, 12);
    expect(result.events.map((e) => [e.date, e.change])).toEqual([
      ['2024-10-16', expect.closeTo(-10, 9)],
      ['2024-10-15', expect.closeTo(8, 9)],
    ]);
  });
});
