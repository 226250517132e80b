// Every per-member figure, computed once from a Member: what the index aggregates and the ticker card read.
import {
  altmanInputs,
  altmanZ,
  altmanZDoublePrime,
  altmanZDoublePrimeInputs,
  altmanZDoublePrimeZone,
  altmanZone,
  isAltmanExcluded,
  isManufacturer,
  type Zone,
} from './altman.js';
import { freeCashFlow, sbcToFcf } from './cash.js';
import { memberDividendYield } from './income.js';
import { earningsUsd, memberMarketCapUsd } from './valuation.js';
import { BIS_YEARS, interestCoverage, isBisExcluded, isBisZombie, isBisZombieNarrow, isZombieYear } from './zombies.js';
import type { Member } from './inputs.js';

export interface CoverageYear {
  fiscalYear: number;
  /** Operating income / interest expense; null when not computable (no interest expense, or data missing). */
  coverage: number | null;
  /** Coverage < 1; null when the year is not evaluable (see isZombieYear). */
  zombieYear: boolean | null;
}

export interface MemberFigures {
  ticker: string;
  marketCapUsd: number | null;
  earningsUsd: number | null;
  epsDilutedTtm: number | null;
  revenueTtmUsd: number | null;
  fcfUsd: number | null;
  sbcUsd: number | null;
  sbcToFcf: number | null;
  /** In Financials or Real Estate: no Altman scores. */
  altmanExcluded: boolean;
  /** SIC 2000–3999; null when the SIC is unknown. */
  manufacturer: boolean | null;
  altmanZ: number | null;
  zone: Zone | null;
  altmanZDoublePrime: number | null;
  zoneDoublePrime: Zone | null;
  /** Newest fiscal year's interest coverage. */
  interestCoverage: number | null;
  coverageYears: CoverageYear[];
  /** In Financials: outside the BIS zombie measures. */
  bisExcluded: boolean;
  /** BIS zombie (three fiscal years with coverage < 1); null when excluded or not evaluable. */
  bisZombie: boolean | null;
  /** BIS narrow zombie (also ≥ 10 years since the first SEC filing); null when excluded, not evaluable or the age unknown. */
  bisZombieNarrow: boolean | null;
  dividendYield: number | null;
  return1y: number | null;
}

function coverageYears(m: Member): CoverageYear[] {
  const annual = [...(m.fundamentals?.annual ?? [])].sort((a, b) => b.fiscalYear - a.fiscalYear).slice(0, BIS_YEARS);
  return annual.map((y) => ({
    fiscalYear: y.fiscalYear,
    coverage: interestCoverage(y.operatingIncomeUsd, y.interestExpenseUsd),
    zombieYear: isZombieYear(y),
  }));
}

export function memberFigures(m: Member): MemberFigures {
  const f = m.fundamentals;
  const marketCap = memberMarketCapUsd(m);
  const excluded = isAltmanExcluded(m.sector);
  const zInputs = f && !excluded ? altmanInputs(f, marketCap) : null;
  const z = zInputs ? altmanZ(zInputs) : null;
  const zppInputs = f && !excluded ? altmanZDoublePrimeInputs(f) : null;
  const zpp = zppInputs ? altmanZDoublePrime(zppInputs) : null;
  const fcf = f ? freeCashFlow(f.operatingCashFlowTtmUsd, f.capexTtmUsd) : null;
  const sbc = f?.sbcTtmUsd ?? null;
  const years = coverageYears(m);
  const bisExcluded = isBisExcluded(m.sector);
  return {
    ticker: m.ticker,
    marketCapUsd: marketCap,
    earningsUsd: f ? earningsUsd(f.netIncomeTtmUsd, f.epsDilutedTtm, f.sharesOutstanding) : null,
    epsDilutedTtm: f?.epsDilutedTtm ?? null,
    revenueTtmUsd: f?.revenueTtmUsd ?? null,
    fcfUsd: fcf,
    sbcUsd: sbc,
    sbcToFcf: sbcToFcf(sbc, fcf),
    altmanExcluded: excluded,
    manufacturer: isManufacturer(f?.sic ?? null),
    altmanZ: z,
    zone: z === null ? null : altmanZone(z),
    altmanZDoublePrime: zpp,
    zoneDoublePrime: zpp === null ? null : altmanZDoublePrimeZone(zpp),
    interestCoverage: years[0]?.coverage ?? null,
    coverageYears: years,
    bisExcluded,
    bisZombie: f && !bisExcluded ? isBisZombie(f.annual) : null,
    bisZombieNarrow: f && !bisExcluded ? isBisZombieNarrow(f.annual, f.firstFilingDate) : null,
    dividendYield: memberDividendYield(f?.dividendsPerShareTtm ?? null, m.priceUsd, m.screen?.dividendYield ?? null),
    return1y: m.return1y,
  };
}
