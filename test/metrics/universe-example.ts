// A five-member universe with hand-computable figures, shared by the index-metrics and ticker-card tests.
import type { Member } from '../../src/metrics/inputs.js';
import { ALTMAN_EXAMPLE, fundamentals, member } from './members.js';

const years = (operatingIncomeUsd: number, interestExpenseUsd: number) =>
  [2023, 2022, 2021].map((fiscalYear) => ({ fiscalYear, periodEnd: `${fiscalYear}-12-31`, operatingIncomeUsd, interestExpenseUsd }));

/**
 * ZOMB (Industrials, SIC 3510): the Altman example (Z 1.4586, Z″ 2.9811), price 10 × 10,000 shares = cap
 *   100,000; EPS −0.5; FCF 20,000 − 5,000 = 15,000 with SBC 10,000 (0.667); coverage 5,000/10,000 = 0.5 three
 *   years running, first SEC filing 2010-03-01 (13.8 years old at the end of FY2023: a narrow zombie too); revenue
 *   440,000; no dividend data; 1-year −60 %.
 * SAFE (Health Care): cap 100 × 10m = 1,000m; Z = 1.2·0.4 + 1.4·0.6 + 3.3·0.3 + 0.6·(1,000/200) + 1.0·0.8 = 6.11;
 *   EPS 5; FCF 100m − 20m = 80m, SBC 8m (0.1); coverage 300m/10m = 30, first filing 2020-06-15 (young);
 *   revenue 800m; yield 2/100 = 0.02; +30 %.
 * BANK (Financials): excluded from Altman and the BIS measures (its coverage 0.5 three years running would make it
 *   a zombie); cap 10 × 1m = 10m; EPS 1; revenue 100m; yield 0.5/10 = 0.05; +150 %.
 * NODATA (Energy): nothing known; demo data.
 * SCRN (Energy): screener only: cap 50m, forward P/E 10, yield 0; 0 %.
 */
export const UNIVERSE: Member[] = [
  member('ZOMB', {
    weight: 0.2,
    priceUsd: 10,
    return1y: -0.6,
    fundamentals: fundamentals({
      ...ALTMAN_EXAMPLE,
      sic: 3510,
      epsDilutedTtm: -0.5,
      netIncomeTtmUsd: -5_000,
      operatingCashFlowTtmUsd: 20_000,
      capexTtmUsd: 5_000,
      sbcTtmUsd: 10_000,
      firstFilingDate: '2010-03-01',
      annual: years(5_000, 10_000),
    }),
  }),
  member('SAFE', {
    sector: 'Health Care',
    weight: 0.5,
    priceUsd: 100,
    return1y: 0.3,
    fundamentals: fundamentals({
      currentAssetsUsd: 500e6,
      currentLiabilitiesUsd: 100e6,
      totalAssetsUsd: 1000e6,
      retainedEarningsUsd: 600e6,
      ebitTtmUsd: 300e6,
      totalLiabilitiesUsd: 200e6,
      stockholdersEquityUsd: 800e6,
      revenueTtmUsd: 800e6,
      sharesOutstanding: 10e6,
      epsDilutedTtm: 5,
      netIncomeTtmUsd: 50e6,
      operatingCashFlowTtmUsd: 100e6,
      capexTtmUsd: 20e6,
      sbcTtmUsd: 8e6,
      dividendsPerShareTtm: 2,
      sic: 8000,
      firstFilingDate: '2020-06-15',
      annual: years(300e6, 10e6),
    }),
  }),
  member('BANK', {
    sector: 'Financials',
    weight: 0.2,
    priceUsd: 10,
    return1y: 1.5,
    fundamentals: fundamentals({
      ...ALTMAN_EXAMPLE,
      sharesOutstanding: 1e6,
      epsDilutedTtm: 1,
      netIncomeTtmUsd: 1e6,
      revenueTtmUsd: 100e6,
      dividendsPerShareTtm: 0.5,
      firstFilingDate: '1990-01-02',
      annual: years(5_000, 10_000),
    }),
  }),
  member('NODATA', { sector: 'Energy', weight: 0.1, demo: true }),
  member('SCRN', {
    sector: 'Energy',
    weight: 0.05,
    return1y: 0,
    screen: { marketCapUsd: 50e6, marketCapAsOf: '2023-11-30', forwardPe: 10, trailingPe: null, dividendYield: 0 },
  }),
];
