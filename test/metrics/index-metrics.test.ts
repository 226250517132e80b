import { describe, expect, it } from 'vitest';
import { dividends, valuation } from '../../src/metrics/index-metrics.js';
import { dispersion, oneYearReturn } from '../../src/metrics/returns.js';
import type { Fundamentals, Member } from '../../src/metrics/universe.js';

const facts = (overrides: Partial<Fundamentals>) => ({ sharesOutstanding: 10, netIncomeTtmUsd: null, epsDilutedTtm: null, dividendsPerShareTtm: null, ...overrides }) as Fundamentals;
const member = (overrides: Partial<Member>): Member => ({ ticker: 'X', name: 'X', sector: 'Industrials', weight: 0.01, priceUsd: 10, fundamentals: null, return1y: null, screen: null, demo: false, ...overrides });

describe('valuation', () => {
  it('divides total market cap by total earnings, negative earners included', () => {
    // caps 100 + 200 = 300; earnings 10 + (−5) = 5 → P/E 60
    const v = valuation([
      member({ priceUsd: 10, fundamentals: facts({ netIncomeTtmUsd: 10 }) }),
      member({ priceUsd: 20, fundamentals: facts({ netIncomeTtmUsd: -5 }) }),
      member({ priceUsd: 5 }),
    ]);
    expect(v).toMatchObject({ pe: 60, covered: 2, members: 3, includesNegativeEarners: true });
  });
});

describe('dividends', () => {
  it('weights yields by fund weight and counts members above', () => {
    // yields 0.04 (w 0.3), 0 (w 0.1) → (0.012 + 0) / 0.4 = 0.03; one member above
    const d = dividends([
      member({ weight: 0.3, priceUsd: 50, fundamentals: facts({ dividendsPerShareTtm: 2 }) }),
      member({ weight: 0.1, priceUsd: 10, fundamentals: facts({}) }),
      member({ weight: 0.2 }),
    ]);
    expect(d.indexYield).toBeCloseTo(0.03, 10);
    expect(d).toMatchObject({ covered: 2, above: 1 });
  });
});

describe('returns', () => {
  it('takes adjusted closes a year apart and counts the tails', () => {
    const points = [
      { date: '2023-07-10', close: 10, adjClose: 9 },
      { date: '2023-07-12', close: 11, adjClose: 10 },
      { date: '2024-07-11', close: 13, adjClose: 12.6 },
    ];
    expect(oneYearReturn(points, '2024-07-11')).toBeCloseTo(12.6 / 9 - 1, 10);
    expect(oneYearReturn(points.slice(1), '2024-07-11')).toBeNull();
    const d = dispersion([-0.6, -0.2, 0.1, 1.5].map((r, i) => ({ ticker: `T${i}`, return1y: r })));
    expect(d).toMatchObject({ covered: 4, downOver50: 1, upOver100: 1, median: -0.05 });
    expect(d.top5[0]!.ticker).toBe('T3');
    expect(d.bottom5[0]!.ticker).toBe('T0');
  });
});
