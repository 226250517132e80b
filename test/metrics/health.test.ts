import { describe, expect, it } from 'vitest';
import { altmanZ, altmanZDoublePrime, altmanZone, freeCashFlow, interestCoverage, isBisZombie, sbcToFcf } from '../../src/metrics/health.js';
import type { Fundamentals } from '../../src/metrics/universe.js';

describe('Altman Z', () => {
  it('scores the hand-checked example at 1.4586 (distress)', () => {
    // 1.2·90/620 + 1.4·30/620 + 3.3·55/620 + 0.6·100/280 + 440/620
    // = 0.17419 + 0.06774 + 0.29274 + 0.21429 + 0.70968 = 1.45864
    const z = altmanZ({ workingCapital: 90_000, totalAssets: 620_000, retainedEarnings: 30_000, ebit: 55_000, marketValueOfEquity: 100_000, totalLiabilities: 280_000, sales: 440_000 });
    expect(z).toBeCloseTo(1.4586, 4);
    expect(altmanZone(z!)).toBe('distress');
  });

  it('puts 1.81 in grey, 2.99 in grey and above in safe', () => {
    expect(altmanZone(1.8099)).toBe('distress');
    expect(altmanZone(1.81)).toBe('grey');
    expect(altmanZone(2.99)).toBe('grey');
    expect(altmanZone(3)).toBe('safe');
  });

  it('returns null for zero total assets or liabilities', () => {
    const base = { workingCapital: 1, totalAssets: 0, retainedEarnings: 1, ebit: 1, marketValueOfEquity: 1, totalLiabilities: 1, sales: 1 };
    expect(altmanZ(base)).toBeNull();
    expect(altmanZ({ ...base, totalAssets: 10, totalLiabilities: 0 })).toBeNull();
  });

  it('scores Z″ for non-manufacturers', () => {
    // 6.56·90/620 + 3.26·30/620 + 6.72·55/620 + 1.05·340/280 = 0.95226 + 0.15774 + 0.59613 + 1.275 = 2.98113
    expect(altmanZDoublePrime({ workingCapital: 90_000, totalAssets: 620_000, retainedEarnings: 30_000, ebit: 55_000, totalLiabilities: 280_000, bookEquity: 340_000 })).toBeCloseTo(2.9811, 4);
  });
});

const facts = (overrides: Partial<Fundamentals>): Fundamentals => ({
  ticker: 'X', cik: 1, entityName: 'X', sic: null, periodEnd: null, revenueTtmUsd: null, epsDilutedTtm: null, netIncomeTtmUsd: null,
  operatingCashFlowTtmUsd: null, capexTtmUsd: null, sbcTtmUsd: null, ebitTtmUsd: null, dividendsPerShareTtm: null,
  totalAssetsUsd: null, totalLiabilitiesUsd: null, currentAssetsUsd: null, currentLiabilitiesUsd: null, retainedEarningsUsd: null,
  stockholdersEquityUsd: null, sharesOutstanding: null, annual: [], notes: [], demo: false, origin: 'test', ...overrides,
});

describe('BIS zombie firms', () => {
  const year = (fiscalYear: number, operatingIncomeUsd: number | null, interestExpenseUsd: number | null) => ({ fiscalYear, periodEnd: `${fiscalYear}-12-31`, operatingIncomeUsd, interestExpenseUsd });

  it('flags interest coverage below 1 in each of the last three years', () => {
    expect(isBisZombie([year(2023, 5, 10), year(2022, -3, 8), year(2021, 9, 10)])).toBe(true);
    expect(isBisZombie([year(2023, 5, 10), year(2022, 12, 8), year(2021, 9, 10)])).toBe(false);
  });

  it('needs three years of data, and zero interest is never a zombie year', () => {
    expect(isBisZombie([year(2023, 5, 10), year(2022, 5, 10)])).toBeNull();
    expect(isBisZombie([year(2023, 5, 10), year(2022, null, 10), year(2021, 5, 10)])).toBeNull();
    expect(isBisZombie([year(2023, -5, 0), year(2022, 5, 10), year(2021, 5, 10)])).toBe(false);
    expect(interestCoverage(55, 0)).toBeNull();
    expect(interestCoverage(55, 110)).toBe(0.5);
  });
});

describe('free cash flow and SBC', () => {
  it('computes FCF = OCF − capex and SBC/FCF only for positive FCF', () => {
    expect(freeCashFlow(facts({ operatingCashFlowTtmUsd: 120, capexTtmUsd: 30 }))).toBe(90);
    expect(freeCashFlow(facts({ operatingCashFlowTtmUsd: 120 }))).toBeNull();
    expect(sbcToFcf(60, 90)).toBeCloseTo(0.6667, 4);
    expect(sbcToFcf(60, -10)).toBeNull();
  });
});
