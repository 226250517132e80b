import { describe, expect, it } from 'vitest';
import { memberFigures } from '../../src/metrics/member-figures.js';
import { percentileRank } from '../../src/metrics/stats.js';
import { computeTickerCard, PERCENTILE_KEYS, percentileValue } from '../../src/metrics/ticker-card.js';
import { fundamentals, member } from './members.js';
import { UNIVERSE } from './universe-example.js';

const find = (ticker: string) => UNIVERSE.find((m) => m.ticker === ticker)!;

describe('computeTickerCard', () => {
  it("shows a distressed manufacturer's figures and every zombie flag it trips", () => {
    const card = computeTickerCard(find('ZOMB'), UNIVERSE);
    expect(card).toMatchObject({
      symbol: 'ZOMB',
      name: 'ZOMB Inc',
      sector: 'Industrials',
      weight: 0.2,
      marketCap: 100_000,
      return1y: -0.6,
      epsDiluted: -0.5,
      revenue: 440_000,
      fcf: 15_000,
      sbc: 10_000,
      sbcToFcf: expect.closeTo(10_000 / 15_000, 12),
      altmanZ: expect.closeTo(1.45864, 5),
      zone: 'distress',
      altmanZDoublePrime: expect.closeTo(2.981129, 6),
      zoneDoublePrime: 'safe',
      altmanModel: 'Z',
      altmanExcluded: false,
      interestCoverage: 0.5,
      dividendYield: null,
      demoData: false,
    });
    expect(card.flags).toEqual(['negativeEps', 'altmanDistress', 'bisZombie', 'sbcOverHalfFcf', 'smallRevenue', 'down50']);
    expect(card.coverageYears.map((y) => y.zombieYear)).toEqual([true, true, true]);
  });

  it('dates a market cap by its source: SEC shares × holdings price, or the screener export with its as-of date', () => {
    expect(computeTickerCard(find('ZOMB'), UNIVERSE)).toMatchObject({ marketCap: 100_000, marketCapSource: 'shares × price', marketCapAsOf: null });
    expect(computeTickerCard(find('SCRN'), UNIVERSE)).toMatchObject({ marketCap: 50e6, marketCapSource: 'screener', marketCapAsOf: '2023-11-30' });
    expect(computeTickerCard(find('NODATA'), UNIVERSE)).toMatchObject({ marketCap: null, marketCapSource: null, marketCapAsOf: null });
  });

  it('prefers price × SEC shares over a screener market cap', () => {
    const both = member('BOTH', {
      priceUsd: 12,
      fundamentals: fundamentals({ sharesOutstanding: 1_000 }),
      screen: { marketCapUsd: 99e6, marketCapAsOf: '2023-11-30', forwardPe: null, trailingPe: null, dividendYield: null },
    });
    expect(computeTickerCard(both, UNIVERSE)).toMatchObject({ marketCap: 12_000, marketCapSource: 'shares × price', marketCapAsOf: null });
  });

  it('ranks the member against the other members with the figure', () => {
    const card = computeTickerCard(find('ZOMB'), UNIVERSE);
    // Lowest cap (others 1,000m, 10m, 50m), return, EPS, revenue, FCF, Z (SAFE only) → 0; coverage 0.5 against
    // SAFE 30 and BANK 0.5 (a tie counts half) → 0.25; highest SBC/FCF (0.667 against SAFE 0.1) → 1; no yield → null
    expect(card.percentiles).toEqual({
      marketCap: 0,
      return1y: 0,
      epsDiluted: 0,
      revenue: 0,
      fcf: 0,
      sbcToFcf: 1,
      altmanZ: 0,
      interestCoverage: 0.25,
      dividendYield: null,
    });
    // SAFE's return 0.3 against −0.6, 1.5, 0 → 2 of 3 below = 0.6667; yield 0.02 against 0.05, 0 → 0.5
    expect(computeTickerCard(find('SAFE'), UNIVERSE).percentiles).toMatchObject({ return1y: 2 / 3, dividendYield: 0.5 });
  });

  it('ranks a symbol that is not in the list against all of it', () => {
    const outsider = member('OUT', { return1y: 0.3 });
    // against −0.6, 0.3 (tie: half), 1.5, 0 → (2 + 0.5) / 4 = 0.625
    expect(computeTickerCard(outsider, UNIVERSE).percentiles.return1y).toBe(0.625);
  });

  it("ranks every member exactly as percentileRank over the others' values: ties, unknowns, a repeated ticker, NaN", () => {
    // Deterministic values from a small grid, so that ties are common; every fifth figure unknown.
    const value = (i: number, salt: number) => ((i * 7 + salt * 13) % 11 === 0 ? null : (((i * 31 + salt * 17) % 9) - 4) / 2);
    const members = Array.from({ length: 60 }, (_, i) =>
      member(i === 59 ? 'M0' : `M${i}`, {
        return1y: i === 7 ? Number.NaN : value(i, 1),
        priceUsd: 10,
        fundamentals: fundamentals({
          revenueTtmUsd: value(i, 2),
          epsDilutedTtm: value(i, 3),
          operatingCashFlowTtmUsd: value(i, 4),
          capexTtmUsd: value(i, 5),
          sbcTtmUsd: value(i, 6),
          sharesOutstanding: 1000 + (i % 4),
          dividendsPerShareTtm: value(i, 7),
        }),
      }),
    );
    const figure = (m: (typeof members)[number], key: (typeof PERCENTILE_KEYS)[number]) => percentileValue(memberFigures(m), key);
    for (const subject of [...members, member('OUT', { return1y: 0.5 })]) {
      const others = members.filter((m) => m.ticker !== subject.ticker);
      const expected = Object.fromEntries(
        PERCENTILE_KEYS.map((key) => [
          key,
          percentileRank(
            figure(subject, key),
            others.map((m) => figure(m, key)).filter((v): v is number => v !== null),
          ),
        ]),
      );
      expect(computeTickerCard(subject, members).percentiles).toEqual(expected);
    }
  });

  it('gives a financial no Altman scores and no BIS zombie flag', () => {
    const card = computeTickerCard(find('BANK'), UNIVERSE);
    expect(card).toMatchObject({ altmanZ: null, zone: null, altmanZDoublePrime: null, zoneDoublePrime: null, altmanExcluded: true });
    // Coverage 0.5 three years running, yet no bisZombie flag: the BIS measure is for non-financial firms.
    expect(card).toMatchObject({ interestCoverage: 0.5, bisExcluded: true });
    expect(card.flags).toEqual(['smallRevenue']);
  });

  it('says the model is unknown without a SIC, and Z″ for non-manufacturers', () => {
    expect(computeTickerCard(member('X', { fundamentals: fundamentals() }), UNIVERSE).altmanModel).toBe('unknown');
    expect(computeTickerCard(find('SAFE'), UNIVERSE).altmanModel).toBe('Z″');
  });

  it('trips a negative-FCF flag and leaves out flags whose data is missing', () => {
    const burner = member('BURN', { fundamentals: fundamentals({ operatingCashFlowTtmUsd: -10, capexTtmUsd: 5, sbcTtmUsd: 100 }) });
    expect(computeTickerCard(burner, UNIVERSE).flags).toEqual(['negativeFcf']);
    const nothing = computeTickerCard(find('NODATA'), UNIVERSE);
    expect(nothing.flags).toEqual([]);
    expect(Object.values(nothing.percentiles).every((p) => p === null)).toBe(true);
    expect(nothing.demoData).toBe(true);
  });
});
