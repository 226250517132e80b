// Builders for the metric tests: a Member or Fundamentals with every figure unknown unless given.
import type { Fundamentals, Member } from '../../src/metrics/inputs.js';

export function fundamentals(overrides: Partial<Fundamentals> = {}): Fundamentals {
  return {
    revenueTtmUsd: null,
    epsDilutedTtm: null,
    netIncomeTtmUsd: null,
    operatingCashFlowTtmUsd: null,
    capexTtmUsd: null,
    sbcTtmUsd: null,
    ebitTtmUsd: null,
    dividendsPerShareTtm: null,
    totalAssetsUsd: null,
    totalLiabilitiesUsd: null,
    currentAssetsUsd: null,
    currentLiabilitiesUsd: null,
    retainedEarningsUsd: null,
    stockholdersEquityUsd: null,
    sharesOutstanding: null,
    sic: null,
    firstFilingDate: null,
    annual: [],
    ...overrides,
  };
}

export function member(ticker: string, overrides: Partial<Member> = {}): Member {
  return {
    ticker,
    name: `${ticker} Inc`,
    sector: 'Industrials',
    weight: null,
    priceUsd: null,
    fundamentals: null,
    return1y: null,
    screen: null,
    demo: false,
    ...overrides,
  };
}

/** The Altman example as SEC figures: WC 90,000, TA 620,000, RE 30,000, EBIT 55,000, TL 280,000, sales 440,000; MVE = 10 × 10,000 = 100,000. */
export const ALTMAN_EXAMPLE = {
  currentAssetsUsd: 190_000,
  currentLiabilitiesUsd: 100_000,
  totalAssetsUsd: 620_000,
  retainedEarningsUsd: 30_000,
  ebitTtmUsd: 55_000,
  totalLiabilitiesUsd: 280_000,
  stockholdersEquityUsd: 340_000,
  revenueTtmUsd: 440_000,
  sharesOutstanding: 10_000,
} satisfies Partial<Fundamentals>;
