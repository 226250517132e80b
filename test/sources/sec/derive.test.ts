import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCompanyFacts } from '../../../src/sources/sec/companyfacts.js';
import { deriveFigures } from '../../../src/sources/sec/derive.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/sec/${name}`, import.meta.url), 'utf8');

interface RawFact {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number | null;
  fp: string | null;
  form: string;
  filed: string;
}
interface RawCompanyFacts {
  cik: number;
  entityName: string;
  facts: Record<string, Record<string, { label?: string; units: Record<string, RawFact[]> }>>;
}

/** A fresh copy of the Snowflake excerpt (real facts from filings filed 2024-03-26 .. 2025-05-30). */
const snowflake = (): RawCompanyFacts => JSON.parse(fixture('CIK0001640147_snowflake_excerpt.json')) as RawCompanyFacts;
const derive = (doc: unknown) => deriveFigures(parseCompanyFacts(doc, 'SEC companyfacts test'));
const gaap = (doc: RawCompanyFacts) => doc.facts['us-gaap']!;

describe('deriveFigures on Snowflake (10-K fiscal 2025 + 10-Q fiscal 2026 Q1)', () => {
  const figures = derive(snowflake());

  it('computes trailing twelve months as FY + YTD − prior-year YTD from the period dates', () => {
    // FY = 2024-02-01..2025-01-31 (10-K filed 2025-03-21); YTD = 2025-02-01..2025-04-30 and prior YTD =
    // 2024-02-01..2024-04-30 (10-Q filed 2025-05-30; fp "Q1", fy 2026 — the labels are not used).
    expect(figures.revenueTtmUsd).toBe(3_839_761_000); //   3,626,396,000 + 1,042,074,000 −   828,709,000
    expect(figures.netIncomeTtmUsd).toBe(-1_398_744_000); // −1,285,640,000 −   430,092,000 +   316,988,000
    expect(figures.epsDilutedTtm).toBe(-4.2); //                     −3.86 −          1.29 +          0.95
    expect(figures.operatingCashFlowTtmUsd).toBe(832_669_000); // 959,764,000 + 228,373,000 − 355,468,000
    expect(figures.capexTtmUsd).toBe(74_749_000); //                46,279,000 +  44,989,000 −  16,519,000
    expect(figures.sbcTtmUsd).toBe(1_526_838_000); //            1,479,314,000 + 379,460,000 − 331,936,000
    expect(figures.ebitTtmUsd).toBe(-1_554_695_000); //         −1,456,010,000 − 447,257,000 + 348,572,000
  });

  it('takes the balance sheet at the latest balance-sheet date and the latest cover-page share count', () => {
    expect(figures.periodEnd).toBe('2025-04-30');
    expect(figures).toMatchObject({
      totalAssetsUsd: 8_157_407_000,
      totalLiabilitiesUsd: 5_742_553_000,
      currentAssetsUsd: 4_785_974_000,
      currentLiabilitiesUsd: 3_030_544_000,
      retainedEarningsUsd: -8_214_507_000, // accumulated deficit, negative
      stockholdersEquityUsd: 2_408_000_000,
      sharesOutstanding: 333_700_000, // dei cover page as of 2025-05-08
    });
  });

  it('lists operating income, interest expense and diluted EPS for every fiscal year reported (up to ten), newest first', () => {
    // EPS as in the 10-K income statements: fiscal 2025 −3.86, 2024 −2.55, 2023 −2.50, 2022 −2.26.
    expect(figures.annual).toEqual([
      { fiscalYear: 2025, periodEnd: '2025-01-31', operatingIncomeUsd: -1_456_010_000, interestExpenseUsd: 2_759_000, epsDiluted: -3.86 },
      { fiscalYear: 2024, periodEnd: '2024-01-31', operatingIncomeUsd: -1_094_773_000, interestExpenseUsd: 0, epsDiluted: -2.55 },
      { fiscalYear: 2023, periodEnd: '2023-01-31', operatingIncomeUsd: -842_267_000, interestExpenseUsd: 0, epsDiluted: -2.5 },
      { fiscalYear: 2022, periodEnd: '2022-01-31', operatingIncomeUsd: -715_036_000, interestExpenseUsd: null, epsDiluted: -2.26 },
    ]);
  });

  it('leaves unreported figures null (no dividends) and notes the fallbacks used', () => {
    expect(figures.dividendsPerShareTtm).toBeNull();
    expect(figures.notes).toEqual([
      'interest expense: from InterestExpenseNonoperating (InterestExpense not reported or older)',
      'not available: dividends per share',
    ]);
  });
});

describe('deriveFigures edge cases', () => {
  it('lets a later 10-Q/A supersede the original quarter', () => {
    const doc = snowflake();
    // Synthetic amendment of the fiscal 2026 Q1 revenue, filed after the original 10-Q.
    gaap(doc).RevenueFromContractWithCustomerExcludingAssessedTax!.units.USD!.push({
      start: '2025-02-01',
      end: '2025-04-30',
      val: 1_050_000_000,
      accn: '0001640147-25-000999',
      fy: 2026,
      fp: 'Q1',
      form: '10-Q/A',
      filed: '2025-06-20',
    });
    // 3,626,396,000 + 1,050,000,000 − 828,709,000 = 3,847,687,000
    expect(derive(doc).revenueTtmUsd).toBe(3_847_687_000);
  });

  it('takes revenue from the concept with the most recent period', () => {
    const doc = snowflake();
    const contract = gaap(doc).RevenueFromContractWithCustomerExcludingAssessedTax!;
    // Revenues gets all the real facts; contract revenue keeps only fiscal 2024 and earlier.
    gaap(doc).Revenues = { units: { USD: contract.units.USD! } };
    contract.units.USD = contract.units.USD!.filter((f) => f.end <= '2024-01-31');
    const figures = derive(doc);
    expect(figures.revenueTtmUsd).toBe(3_839_761_000); // 3,626,396,000 + 1,042,074,000 − 828,709,000, from Revenues
    expect(figures.notes).toContain('revenue: from Revenues (RevenueFromContractWithCustomerExcludingAssessedTax not reported or older)');
  });

  it('on equally recent revenue concepts takes the larger (total) figure', () => {
    const doc = snowflake();
    const contract = gaap(doc).RevenueFromContractWithCustomerExcludingAssessedTax!.units.USD!;
    // Revenues = contract revenue + 10,000,000 of other revenue in every period.
    gaap(doc).Revenues = { units: { USD: contract.map((f) => ({ ...f, val: f.val + 10_000_000 })) } };
    // (3,626,396,000 + 10M) + (1,042,074,000 + 10M) − (828,709,000 + 10M) = 3,849,761,000
    expect(derive(doc).revenueTtmUsd).toBe(3_849_761_000);
  });

  it('derives total liabilities from LiabilitiesAndStockholdersEquity − equity when Liabilities is absent', () => {
    const doc = snowflake();
    delete gaap(doc).Liabilities;
    const figures = derive(doc);
    // 8,157,407,000 − 2,414,854,000 (equity incl. noncontrolling interest) = 5,742,553,000
    expect(figures.totalLiabilitiesUsd).toBe(5_742_553_000);
    expect(figures.notes).toContain(
      'total liabilities = LiabilitiesAndStockholdersEquity − StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest at 2025-04-30 (Liabilities not reported; includes any temporary equity)',
    );
  });

  it('keeps a missing item null, never 0, and says which', () => {
    const doc = snowflake();
    delete gaap(doc).AssetsCurrent;
    delete gaap(doc).PaymentsToAcquirePropertyPlantAndEquipment;
    delete gaap(doc).InterestExpenseNonoperating;
    const figures = derive(doc);
    expect(figures.currentAssetsUsd).toBeNull();
    expect(figures.capexTtmUsd).toBeNull();
    expect(figures.annual.map((year) => year.interestExpenseUsd)).toEqual([null, null, null, null]);
    expect(figures.notes).toContain('not available: capital expenditure, dividends per share, current assets');
  });

  it('falls back to "basic and diluted" EPS and to the balance-sheet share count', () => {
    const doc = snowflake();
    gaap(doc).EarningsPerShareBasicAndDiluted = gaap(doc).EarningsPerShareDiluted!;
    delete gaap(doc).EarningsPerShareDiluted;
    delete doc.facts.dei!.EntityCommonStockSharesOutstanding;
    gaap(doc).CommonStockSharesOutstanding = {
      units: {
        shares: [{ end: '2025-04-30', val: 333_000_000, accn: '0001640147-25-000110', fy: 2026, fp: 'Q1', form: '10-Q', filed: '2025-05-30' }],
      },
    };
    const figures = derive(doc);
    expect(figures.epsDilutedTtm).toBe(-4.2);
    expect(figures.sharesOutstanding).toBe(333_000_000);
    expect(figures.notes).toContain('diluted EPS: from EarningsPerShareBasicAndDiluted (EarningsPerShareDiluted not reported or older)');
    expect(figures.notes).toContain(
      'shares outstanding: from us-gaap:CommonStockSharesOutstanding at 2025-04-30 (cover-page count missing or older)',
    );
  });

  it('drops a figure whose latest period is older than the company’s (dividends stopped)', () => {
    const doc = snowflake();
    gaap(doc).CommonStockDividendsPerShareDeclared = {
      units: {
        'USD/shares': [{ start: '2023-02-01', end: '2024-01-31', val: 0.4, accn: 'x', fy: 2024, fp: 'FY', form: '10-K', filed: '2024-03-26' }],
      },
    };
    const figures = derive(doc);
    expect(figures.dividendsPerShareTtm).toBeNull();
    expect(figures.notes).toContain(
      "dividends per share: latest twelve months end 2024-01-31, before the company's latest period (2025-04-30): left null",
    );
  });

  it('ignores a concept reported only in another currency, with a note', () => {
    const doc = snowflake();
    const assets = gaap(doc).Assets!;
    assets.units = { EUR: assets.units.USD! };
    const figures = derive(doc);
    expect(figures.totalAssetsUsd).toBeNull();
    expect(figures.notes).toContain('us-gaap:Assets has no USD facts (reported in EUR): not used');
  });

  it('yields nulls and a clear note for an IFRS filer, keeping its cover-page share count', () => {
    const figures = derive(JSON.parse(fixture('CIK0001997711_lpa_ifrs_excerpt.json')));
    expect(figures).toMatchObject({
      cik: 1997711, // a zero-padded string ("0001997711") in this file
      entityName: 'Logistic Properties of the Americas',
      periodEnd: null,
      revenueTtmUsd: null,
      netIncomeTtmUsd: null,
      totalAssetsUsd: null,
      totalLiabilitiesUsd: null,
      sharesOutstanding: 31_668_601, // the 20-F/A of 2025-04-07 restating the 20-F's cover page
      annual: [],
      notes: ['files IFRS (ifrs-full), not US GAAP: US GAAP figures are null'],
    });
  });

  it('names the concept and field of a malformed fact', () => {
    const doc = snowflake();
    gaap(doc).Assets!.units.USD![0]!.end = '31/01/2025';
    expect(() => derive(doc)).toThrow(/SEC companyfacts test: us-gaap:Assets units\.USD\.0\.end: expected a YYYY-MM-DD date/);
    expect(() => derive({ cik: 1, facts: {} })).toThrow(/not a companyfacts document \(entityName: /);
  });
});
