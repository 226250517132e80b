// From one company's companyfacts to the figures the metrics use: trailing twelve months of income-statement
// and cash-flow items, the latest balance sheet, shares outstanding, and operating income / interest expense /
// diluted EPS for the last ten fiscal years. Each figure names the XBRL concepts it may come from, preferred first; when a
// company reports several, the one with the most recent period wins (filers switch concepts over the years,
// e.g. SalesRevenueNet → RevenueFromContractWithCustomerExcludingAssessedTax in 2018), ties going to the
// earlier in the list. Anything not reported stays null, never 0, and every fallback leaves a note.
import type { AnnualResult, BalanceSheetFigure, CompanyFigures, TrailingFigure } from '../../store/fundamentals.js';
import type { CompanyFacts, Fact } from './companyfacts.js';
import {
  BOUNDARY_SLACK_DAYS,
  daysBetween,
  fiscalYearEnding,
  fiscalYearNumber,
  fiscalYears,
  instantAt,
  latestDurationEnd,
  latestInstantEnd,
  trailingTwelveMonths,
  type DurationFact,
  type TrailingValue,
} from './ttm.js';

const GAAP = 'us-gaap';
const DEI = 'dei';

interface ConceptList {
  label: string;
  unit: 'USD' | 'USD/shares' | 'shares';
  concepts: readonly string[];
}

interface TrailingItem extends ConceptList {
  key: TrailingFigure;
  unit: 'USD' | 'USD/shares';
  /** Revenue: among concepts with the same latest period, take the largest (the others are then components). */
  tie?: 'largest';
}

interface InstantItem extends ConceptList {
  key: BalanceSheetFigure;
  unit: 'USD';
}

/** Trailing-twelve-month figures (us-gaap duration concepts). */
export const TRAILING_ITEMS: readonly TrailingItem[] = [
  {
    key: 'revenueTtmUsd',
    label: 'revenue',
    unit: 'USD',
    // ASC 606 contract revenue (2018+), then total Revenues, then the pre-2018 SalesRevenueNet. Contract revenue
    // excludes e.g. a bank's interest income, so on a tie the larger figure (the total) is taken.
    concepts: [
      'RevenueFromContractWithCustomerExcludingAssessedTax',
      'RevenueFromContractWithCustomerIncludingAssessedTax',
      'Revenues',
      'SalesRevenueNet',
    ],
    tie: 'largest',
  },
  {
    key: 'epsDilutedTtm',
    label: 'diluted EPS',
    unit: 'USD/shares',
    // Loss-making filers often report one "basic and diluted" line; basic is the last resort (equal to diluted
    // when nothing is dilutive).
    concepts: ['EarningsPerShareDiluted', 'EarningsPerShareBasicAndDiluted', 'EarningsPerShareBasic'],
  },
  {
    key: 'netIncomeTtmUsd',
    label: 'net income',
    unit: 'USD',
    // ProfitLoss includes the noncontrolling interests' share; used only when NetIncomeLoss is absent.
    concepts: ['NetIncomeLoss', 'ProfitLoss'],
  },
  {
    key: 'operatingCashFlowTtmUsd',
    label: 'operating cash flow',
    unit: 'USD',
    concepts: ['NetCashProvidedByUsedInOperatingActivities', 'NetCashProvidedByUsedInOperatingActivitiesContinuingOperations'],
  },
  {
    key: 'capexTtmUsd',
    label: 'capital expenditure',
    unit: 'USD',
    concepts: ['PaymentsToAcquirePropertyPlantAndEquipment', 'PaymentsToAcquireProductiveAssets'],
  },
  {
    key: 'sbcTtmUsd',
    label: 'stock-based compensation',
    unit: 'USD',
    // The cash-flow add-back first; the income-statement expense when the add-back is not tagged.
    concepts: ['ShareBasedCompensation', 'AllocatedShareBasedCompensationExpense'],
  },
  { key: 'ebitTtmUsd', label: 'EBIT (operating income)', unit: 'USD', concepts: ['OperatingIncomeLoss'] },
  {
    key: 'dividendsPerShareTtm',
    label: 'dividends per share',
    unit: 'USD/shares',
    concepts: ['CommonStockDividendsPerShareDeclared', 'CommonStockDividendsPerShareCashPaid'],
  },
];

/** Weighted-average share counts: tell a stock split apart in per-share TTM figures (ttm.ts splitFactor). */
export const WEIGHTED_SHARES: ConceptList = {
  label: 'weighted average shares',
  unit: 'shares',
  concepts: [
    'WeightedAverageNumberOfDilutedSharesOutstanding',
    'WeightedAverageNumberOfShareOutstandingBasicAndDiluted',
    'WeightedAverageNumberOfSharesOutstandingBasic',
  ],
};

/** Balance-sheet figures (us-gaap instants at the latest balance-sheet date). */
export const INSTANT_ITEMS: readonly InstantItem[] = [
  { key: 'totalAssetsUsd', label: 'total assets', unit: 'USD', concepts: ['Assets'] },
  { key: 'totalLiabilitiesUsd', label: 'total liabilities', unit: 'USD', concepts: ['Liabilities'] },
  { key: 'currentAssetsUsd', label: 'current assets', unit: 'USD', concepts: ['AssetsCurrent'] },
  { key: 'currentLiabilitiesUsd', label: 'current liabilities', unit: 'USD', concepts: ['LiabilitiesCurrent'] },
  { key: 'retainedEarningsUsd', label: 'retained earnings', unit: 'USD', concepts: ['RetainedEarningsAccumulatedDeficit'] },
  {
    key: 'stockholdersEquityUsd',
    label: "stockholders' equity",
    unit: 'USD',
    concepts: ['StockholdersEquity', 'StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest'],
  },
];

/** Total liabilities when `Liabilities` is not tagged: LiabilitiesAndStockholdersEquity − equity (incl. NCI). */
export const LIABILITIES_FROM_BALANCE = {
  total: 'LiabilitiesAndStockholdersEquity',
  equity: ['StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest', 'StockholdersEquity'],
} as const;

/** Shares outstanding: the cover-page count, else the balance-sheet count (whichever is more recent). */
export const SHARES_CONCEPTS = [
  { taxonomy: DEI, concept: 'EntityCommonStockSharesOutstanding' },
  { taxonomy: GAAP, concept: 'CommonStockSharesOutstanding' },
] as const;

/** Per fiscal year (last ten): operating income and interest expense (BIS zombie test), diluted EPS (trends). */
export const ANNUAL_CONCEPTS = {
  operatingIncome: { label: 'operating income', unit: 'USD', concepts: ['OperatingIncomeLoss'] },
  interestExpense: {
    label: 'interest expense',
    unit: 'USD',
    concepts: ['InterestExpense', 'InterestExpenseNonoperating', 'InterestExpenseDebt', 'InterestAndDebtExpense'],
  },
  /** Also marks which fiscal years exist when a company reports neither of the above for a year. */
  netIncome: { label: 'net income', unit: 'USD', concepts: ['NetIncomeLoss', 'ProfitLoss'] },
  eps: {
    label: 'annual diluted EPS',
    unit: 'USD/shares',
    concepts: ['EarningsPerShareDiluted', 'EarningsPerShareBasicAndDiluted', 'EarningsPerShareBasic'],
  },
} as const satisfies Record<string, ConceptList>;

/** Fiscal years kept per company: three for the BIS test, the rest for the fiscal-year trends. */
const ANNUAL_YEARS = 10;

interface Candidate {
  concept: string;
  facts: Fact[];
  latestEnd: string;
}

/** Collects notes without repeating one. */
class Notes {
  private readonly lines = new Set<string>();
  add(line: string): void {
    this.lines.add(line);
  }
  list(): string[] {
    return [...this.lines];
  }
}

/** Derives every figure of one company from its companyfacts. */
export function deriveFigures(company: CompanyFacts): CompanyFigures {
  const notes = new Notes();
  noteTaxonomy(company, notes);
  const trailing = deriveTrailing(company, notes);
  const periodEnd = balanceSheetDate(company);
  const instants = deriveInstants(company, periodEnd, notes);
  const figures: CompanyFigures = {
    cik: company.cik,
    entityName: company.entityName,
    periodEnd,
    ...trailing,
    ...instants,
    sharesOutstanding: deriveShares(company, notes),
    annual: deriveAnnual(company, notes),
    notes: [],
  };
  noteUnreported(company, figures, notes);
  return { ...figures, notes: notes.list() };
}

function noteTaxonomy(company: CompanyFacts, notes: Notes): void {
  if (company.taxonomies.includes(GAAP)) return;
  if (company.taxonomies.includes('ifrs-full')) {
    notes.add('files IFRS (ifrs-full), not US GAAP: US GAAP figures are null');
  } else notes.add('no us-gaap facts in companyfacts: US GAAP figures are null');
}

/** The duration concepts of a list the company reports in the unit, most recent period first, then list order. */
function rankConcepts(company: CompanyFacts, list: ConceptList, notes: Notes): Candidate[] {
  const candidates: Candidate[] = [];
  for (const concept of list.concepts) {
    const facts = company.facts(GAAP, concept, list.unit);
    const end = latestDurationEnd(facts);
    if (end !== null) candidates.push({ concept, facts, latestEnd: end });
    else noteOtherUnits(company, GAAP, concept, list.unit, notes);
  }
  // Array.prototype.sort is stable: equal latest ends keep the list order.
  return candidates.sort((a, b) => b.latestEnd.localeCompare(a.latestEnd));
}

function noteOtherUnits(company: CompanyFacts, taxonomy: string, concept: string, unit: string, notes: Notes): void {
  const units = company.units(taxonomy, concept);
  if (units.length > 0 && !units.includes(unit)) {
    notes.add(`${taxonomy}:${concept} has no ${unit} facts (reported in ${units.join(', ')}): not used`);
  }
}

function noteFallback(label: string, list: ConceptList, used: string, notes: Notes): void {
  if (used !== list.concepts[0]) notes.add(`${label}: from ${used} (${list.concepts[0]} not reported or older)`);
}

function deriveTrailing(company: CompanyFacts, notes: Notes): Record<TrailingFigure, number | null> {
  const found = new Map<TrailingFigure, TrailingValue>();
  const shareCounts = rankConcepts(company, WEIGHTED_SHARES, notes)[0]?.facts ?? [];
  for (const item of TRAILING_ITEMS) {
    const perShare = item.unit === 'USD/shares';
    const chosen = chooseTrailing(rankConcepts(company, item, notes), item, perShare ? shareCounts : null, notes);
    if (chosen !== null) found.set(item.key, chosen);
  }
  const latestEnd = [...found.values()].reduce((latest, ttm) => (ttm.end > latest ? ttm.end : latest), '');
  const result = {} as Record<TrailingFigure, number | null>;
  for (const item of TRAILING_ITEMS) {
    const ttm = found.get(item.key) ?? null;
    // A figure whose twelve months end before the company's latest period (e.g. dividends stopped) is out of date.
    const stale = ttm !== null && daysBetween(ttm.end, latestEnd) > BOUNDARY_SLACK_DAYS;
    if (stale) {
      const reason = `latest twelve months end ${ttm.end}, before the company's latest period (${latestEnd})`;
      notes.add(`${item.label}: ${reason}: left null`);
    }
    result[item.key] = ttm === null || stale ? null : ttm.value;
  }
  return result;
}

/** The TTM of the top-ranked concept (or, for revenue, the largest among equally recent ones). */
function chooseTrailing(ranked: Candidate[], item: TrailingItem, shareCounts: readonly Fact[] | null, notes: Notes): TrailingValue | null {
  const newest = ranked.filter((c) => c.latestEnd === ranked[0]?.latestEnd);
  const computed = newest.map((candidate) => ({ candidate, result: trailingTwelveMonths(candidate.facts, shareCounts) }));
  const first = computed[0];
  if (first === undefined) return null;
  let chosen = first;
  if (item.tie === 'largest') {
    for (const option of computed) {
      if (option.result.kind !== 'value') continue;
      if (chosen.result.kind !== 'value' || option.result.ttm.value > chosen.result.ttm.value) chosen = option;
    }
  }
  if (chosen.result.kind === 'missing') {
    notes.add(`${item.label}: ${chosen.candidate.concept} has ${chosen.result.reason}: left null`);
    return null;
  }
  noteFallback(item.label, item, chosen.candidate.concept, notes);
  const { ttm } = chosen.result;
  if (ttm.splitFactor !== 1) {
    const factor = ttm.splitFactor.toPrecision(4);
    notes.add(`${item.label}: fiscal-year figure × ${factor} for share counts restated since the 10-K (stock split)`);
  }
  return ttm;
}

/** The latest balance-sheet date: the newest instant of any balance-sheet concept used. */
function balanceSheetDate(company: CompanyFacts): string | null {
  const concepts = [...INSTANT_ITEMS.flatMap((item) => item.concepts), LIABILITIES_FROM_BALANCE.total];
  return concepts
    .map((concept) => latestInstantEnd(company.facts(GAAP, concept, 'USD')))
    .reduce<string | null>((latest, end) => (end !== null && (latest === null || end > latest) ? end : latest), null);
}

function deriveInstants(company: CompanyFacts, periodEnd: string | null, notes: Notes): Record<BalanceSheetFigure, number | null> {
  const result = {} as Record<BalanceSheetFigure, number | null>;
  for (const item of INSTANT_ITEMS) {
    result[item.key] = periodEnd === null ? null : instantValue(company, item, periodEnd, notes);
  }
  if (result.totalLiabilitiesUsd === null && periodEnd !== null) {
    result.totalLiabilitiesUsd = liabilitiesFromBalance(company, periodEnd, notes);
  }
  return result;
}

/** The first concept of the list reported at the balance-sheet date. */
function instantValue(company: CompanyFacts, item: InstantItem, periodEnd: string, notes: Notes): number | null {
  for (const concept of item.concepts) {
    const facts = company.facts(GAAP, concept, item.unit);
    const fact = instantAt(facts, periodEnd);
    if (fact !== null) {
      noteFallback(item.label, item, concept, notes);
      return fact.val;
    }
    const latest = latestInstantEnd(facts);
    if (latest !== null) notes.add(`${item.label}: ${concept} not reported at ${periodEnd} (latest ${latest})`);
    else noteOtherUnits(company, GAAP, concept, item.unit, notes);
  }
  return null;
}

/** Total liabilities = LiabilitiesAndStockholdersEquity − stockholders' equity incl. NCI (balance-sheet identity). */
function liabilitiesFromBalance(company: CompanyFacts, periodEnd: string, notes: Notes): number | null {
  const total = instantAt(company.facts(GAAP, LIABILITIES_FROM_BALANCE.total, 'USD'), periodEnd);
  if (total === null) return null;
  for (const concept of LIABILITIES_FROM_BALANCE.equity) {
    const equity = instantAt(company.facts(GAAP, concept, 'USD'), periodEnd);
    if (equity === null) continue;
    notes.add(
      `total liabilities = ${LIABILITIES_FROM_BALANCE.total} − ${concept} at ${periodEnd}` +
        ' (Liabilities not reported; includes any temporary equity)',
    );
    return total.val - equity.val;
  }
  return null;
}

/** Shares outstanding: the most recent of the cover-page and balance-sheet counts (cover page on a tie). */
function deriveShares(company: CompanyFacts, notes: Notes): number | null {
  let chosen: { concept: string; fact: Fact } | null = null;
  for (const { taxonomy, concept } of SHARES_CONCEPTS) {
    const facts = company.facts(taxonomy, concept, 'shares');
    const latest = latestInstantEnd(facts);
    const fact = latest === null ? null : instantAt(facts, latest);
    if (fact !== null && (chosen === null || fact.end > chosen.fact.end)) {
      chosen = { concept: `${taxonomy}:${concept}`, fact };
    }
  }
  if (chosen === null) return null;
  const preferred = SHARES_CONCEPTS[0];
  if (chosen.concept !== `${preferred.taxonomy}:${preferred.concept}`) {
    notes.add(`shares outstanding: from ${chosen.concept} at ${chosen.fact.end} (cover-page count missing or older)`);
  }
  return chosen.fact.val;
}

/** Operating income, interest expense and diluted EPS for the company's last ten fiscal years, newest first. */
function deriveAnnual(company: CompanyFacts, notes: Notes): AnnualResult[] {
  const operating = rankConcepts(company, ANNUAL_CONCEPTS.operatingIncome, notes);
  const interest = rankConcepts(company, ANNUAL_CONCEPTS.interestExpense, notes);
  const netIncome = rankConcepts(company, ANNUAL_CONCEPTS.netIncome, notes);
  const eps = rankConcepts(company, ANNUAL_CONCEPTS.eps, notes);
  const ends = fiscalYearEnds([...operating, ...interest, ...netIncome]).slice(0, ANNUAL_YEARS);
  return ends.map((end) => {
    const operatingYear = yearFrom(operating, end);
    const interestYear = yearFrom(interest, end);
    const { operatingIncome: operatingList, interestExpense: interestList } = ANNUAL_CONCEPTS;
    if (operatingYear) noteFallback(operatingList.label, operatingList, operatingYear.concept, notes);
    if (interestYear) noteFallback(interestList.label, interestList, interestYear.concept, notes);
    const anchor = operatingYear ?? interestYear ?? yearFrom(netIncome, end);
    return {
      fiscalYear: anchor ? fiscalYearNumber(anchor.period, anchor.facts) : Number(end.slice(0, 4)),
      periodEnd: anchor?.period.end ?? end,
      operatingIncomeUsd: operatingYear?.period.val ?? null,
      interestExpenseUsd: interestYear?.period.val ?? null,
      epsDiluted: yearFrom(eps, end)?.period.val ?? null,
    };
  });
}

/** Distinct fiscal-year end dates across concepts, newest first (ends a few days apart are one year). */
function fiscalYearEnds(candidates: readonly Candidate[]): string[] {
  const ends = [...new Set(candidates.flatMap((c) => fiscalYears(c.facts).map((f) => f.end)))].sort().reverse();
  return ends.filter((end, i) => i === 0 || daysBetween(end, ends[i - 1]!) > BOUNDARY_SLACK_DAYS);
}

interface YearFound {
  concept: string;
  period: DurationFact;
  facts: Fact[];
}

/** The fiscal year ending at `end` from the first ranked concept that reports it. */
function yearFrom(ranked: readonly Candidate[], end: string): YearFound | null {
  for (const candidate of ranked) {
    const period = fiscalYearEnding(candidate.facts, end);
    if (period !== null) return { concept: candidate.concept, period, facts: candidate.facts };
  }
  return null;
}

/** One note naming the figures a US GAAP filer left unreported. */
function noteUnreported(company: CompanyFacts, figures: CompanyFigures, notes: Notes): void {
  if (!company.taxonomies.includes(GAAP)) return;
  const missing = [...TRAILING_ITEMS, ...INSTANT_ITEMS].filter((item) => figures[item.key] === null).map((item) => item.label);
  if (figures.sharesOutstanding === null) missing.push('shares outstanding');
  if (missing.length > 0) notes.add(`not available: ${missing.join(', ')}`);
}
