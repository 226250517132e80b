import { describe, expect, it } from 'vitest';
import { earningsUsd, marketCapUsd, rankByPe, valuation, type Valuation } from '../../src/metrics/valuation.js';
import { fundamentals, member } from './members.js';

describe('market cap and earnings', () => {
  it('multiplies price by SEC shares outstanding, else takes the screener market cap', () => {
    expect(marketCapUsd(10, 12.5, 999)).toBe(125);
    expect(marketCapUsd(null, 12.5, 999)).toBe(999);
    expect(marketCapUsd(10, null, null)).toBeNull();
  });

  it('takes TTM net income, else diluted EPS × shares', () => {
    expect(earningsUsd(-7, 3, 10)).toBe(-7);
    expect(earningsUsd(null, 0.5, 20)).toBe(10);
    expect(earningsUsd(null, 0.5, null)).toBeNull();
  });
});

describe('index valuation', () => {
  const members = [
    // cap 10 × 10 = 100, earnings 10 (P/E 10); forward P/E 20 → forward earnings 5
    member('A', {
      priceUsd: 10,
      fundamentals: fundamentals({ sharesOutstanding: 10, netIncomeTtmUsd: 10 }),
      screen: { marketCapUsd: null, marketCapAsOf: null, forwardPe: 20, trailingPe: null, dividendYield: null },
    }),
    // cap 20 × 10 = 200, earnings −5 (a loss-maker); forward P/E −50 → −4
    member('B', {
      priceUsd: 20,
      fundamentals: fundamentals({ sharesOutstanding: 10, netIncomeTtmUsd: -5 }),
      screen: { marketCapUsd: null, marketCapAsOf: null, forwardPe: -50, trailingPe: null, dividendYield: null },
    }),
    // screener cap 300, no SEC earnings → not in trailing P/E; forward P/E 15 → 20
    member('C', { priceUsd: 30, screen: { marketCapUsd: 300, marketCapAsOf: null, forwardPe: 15, trailingPe: 12, dividendYield: null } }),
    // cap 5 × 20 = 100, earnings from EPS 0.5 × 20 = 10; forward P/E 0 is skipped
    member('D', {
      priceUsd: 5,
      fundamentals: fundamentals({ sharesOutstanding: 20, epsDilutedTtm: 0.5 }),
      screen: { marketCapUsd: null, marketCapAsOf: null, forwardPe: 0, trailingPe: null, dividendYield: null },
    }),
    member('E'),
  ];

  it('divides total market cap by total earnings, negative earners included', () => {
    // Σ cap = 100 + 200 + 100 = 400; Σ earnings = 10 − 5 + 10 = 15 → 26.6667
    // (= cap-weighted harmonic mean of P/E 10, −40, 10: 400 / (100/10 + 200/−40 + 100/10) = 400 / 15)
    expect(valuation(members)).toMatchObject({
      pe: expect.closeTo(400 / 15, 10),
      covered: 3,
      members: 5,
      marketCapUsd: 400,
      earningsUsd: 15,
      negativeEarners: 1,
      includesNegativeEarners: true,
    });
  });

  it('takes the forward P/E as the cap-weighted harmonic mean of screener forward P/Es', () => {
    // Σ cap = 100 + 200 + 300 = 600; Σ forward earnings = 5 − 4 + 20 = 21 → 28.5714
    expect(valuation(members)).toMatchObject({ forwardPe: expect.closeTo(600 / 21, 10), forwardCovered: 3 });
  });

  it('leaves the loss-makers out of the P/E ex losses', () => {
    // A (cap 100, earnings 10) and D (cap 100, earnings 10): 200 / 20 = 10; B's loss left out.
    expect(valuation(members)).toMatchObject({ peExLosses: 10, profitableCovered: 2 });
    const losses = valuation([member('L', { priceUsd: 10, fundamentals: fundamentals({ sharesOutstanding: 10, netIncomeTtmUsd: -5 }) })]);
    expect(losses).toMatchObject({ peExLosses: null, profitableCovered: 0 });
  });

  it('gives no P/E when the covered members lose money in aggregate, or without data', () => {
    const loss = valuation([member('L', { priceUsd: 10, fundamentals: fundamentals({ sharesOutstanding: 10, netIncomeTtmUsd: -5 }) })]);
    expect(loss).toMatchObject({ pe: null, covered: 1, earningsUsd: -5, negativeEarners: 1 });
    expect(valuation([])).toMatchObject({ pe: null, covered: 0, members: 0, forwardPe: null, forwardCovered: 0 });
  });
});

describe('rankByPe', () => {
  const v = (pe: number | null, forwardPe: number | null = null) => ({ ...valuation([]), pe, forwardPe }) as Valuation;

  it('ranks the funds by P/E, most expensive first, those without one last; forward P/E ranked apart', () => {
    const ranked = rankByPe({ IVV: v(16.3, 21), IWM: v(26.3), IJR: v(21.7, 15), QQQ: v(null, 30), IJH: v(21.7) });
    expect(ranked.map((r) => [r.fund, r.peRank, r.forwardRank])).toEqual([
      ['IWM', 1, null],
      ['IJH', 2, null], // a tie keeps the alphabetical order
      ['IJR', 3, 3],
      ['IVV', 4, 2],
      ['QQQ', null, 1],
    ]);
    expect(rankByPe({})).toEqual([]);
  });
});
