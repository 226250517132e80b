// Generated demo data for the index members that no public file gives fundamentals or prices for.
// Deterministic (a seeded PRNG per ticker), written in the real upstream formats (SEC companyfacts and
// submissions JSON, company_tickers.json, price CSV) so the demo runs through the very same ingest code.
// Everything it writes is ingested with demo = true and labelled "demo data" wherever it is shown.
// Anchors taken from real files where they exist: the member list, sector, price and the fund's position
// (iShares holdings, which size the company: position / the fund's ownership share), and the trailing P/E and
// dividend yield (the Nov 2023 screener export). Only ratios are taken from the older screener, never its
// prices or per-share figures, which a split since then would distort.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pathInside } from '../core/file-name.js';

export interface DemoMember {
  ticker: string;
  name: string;
  sector: string | null;
  /** Price on the holdings as-of date (real). */
  priceUsd: number;
  /** The fund's position in USD (real): the company's size is this over the fund's ownership share. */
  marketValueUsd: number | null;
}

/** One fund whose members get generated data. */
export interface DemoFund {
  fund: string;
  members: DemoMember[];
  /** The fund's typical share of a member's market cap (its assets over its index's total market cap). */
  ownership: number;
  /** Share of members profitable when the screener does not say (small caps ~60%, large caps ~90%). */
  profitableShare: number;
  /** Share of members the screener does not cover that pay a dividend (yield drawn from 0.5–3.5 %). */
  dividendPayers: number;
  /** Whether to write a year of daily prices per member (the 1-year return figures need them). */
  prices: boolean;
}

/** Real ratios from the screener export; ratios, unlike prices and per-share figures, survive splits. */
export interface ScreenAnchor {
  trailingPe: number | null;
  /** TTM dividends over price, a fraction. */
  dividendYield: number | null;
}

export interface DemoCompany {
  ticker: string;
  cik: number;
  name: string;
  sic: number;
  companyfacts: object;
  submissions: object;
}

/** Deterministic PRNG (mulberry32) seeded from a string. */
export function seededRandom(seed: string): () => number {
  let state = 2166136261;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const uniform = (random: () => number, lo: number, hi: number) => lo + (hi - lo) * random();
const lognormal = (random: () => number, sigma: number) => Math.exp(sigma * normal(random));

interface SectorProfile {
  priceToSales: number;
  assetsToRevenue: number;
  liabilitiesShare: [number, number];
  capexRate: [number, number];
  sbcRate: [number, number];
  sic: number;
}

const DEFAULT_PROFILE: SectorProfile = {
  priceToSales: 1.2,
  assetsToRevenue: 1.2,
  liabilitiesShare: [0.3, 0.75],
  capexRate: [0.02, 0.06],
  sbcRate: [0.005, 0.03],
  sic: 5000,
};

/** Rough small-cap sector shapes (price/sales, balance-sheet size, capex and SBC intensity, a typical SIC). */
const SECTOR_PROFILES: Record<string, Partial<SectorProfile>> = {
  'Health Care': { priceToSales: 3.5, sbcRate: [0.04, 0.2], sic: 2834 },
  'Information Technology': { priceToSales: 2.5, sbcRate: [0.04, 0.15], sic: 7372 },
  Communication: { priceToSales: 1.5, sbcRate: [0.02, 0.08], sic: 4899 },
  'Consumer Discretionary': { priceToSales: 0.8, sic: 5900 },
  'Consumer Staples': { priceToSales: 0.8, sic: 2000 },
  Energy: { priceToSales: 1.2, assetsToRevenue: 1.8, capexRate: [0.12, 0.3], sic: 1311 },
  Financials: { priceToSales: 2.5, assetsToRevenue: 9, liabilitiesShare: [0.86, 0.92], capexRate: [0.005, 0.02], sic: 6022 },
  Industrials: { priceToSales: 1.2, sic: 3560 },
  Materials: { priceToSales: 1.0, assetsToRevenue: 1.5, capexRate: [0.05, 0.12], sic: 2800 },
  'Real Estate': { priceToSales: 5, assetsToRevenue: 7, liabilitiesShare: [0.4, 0.65], capexRate: [0.05, 0.2], sic: 6798 },
  Utilities: { priceToSales: 2, assetsToRevenue: 3.5, liabilitiesShare: [0.6, 0.75], capexRate: [0.15, 0.3], sic: 4911 },
};

function profileFor(sector: string | null): SectorProfile {
  return { ...DEFAULT_PROFILE, ...(sector ? SECTOR_PROFILES[sector] : undefined) };
}

interface Year {
  revenue: number;
  operatingIncome: number;
  netIncome: number;
  interest: number;
  ocf: number;
  capex: number;
  sbc: number;
  dps: number | null;
}

/** The company's generated economics: three fiscal years (2021-2023) and Q1 of 2023 and 2024. */
function economics(member: DemoMember, fund: DemoFund, anchor: ScreenAnchor | undefined, random: () => number) {
  const profile = profileFor(member.sector);
  const marketCap = (member.marketValueUsd ?? 1e6) / fund.ownership;
  const shares = marketCap / member.priceUsd;
  const trailingPe = anchor?.trailingPe ?? null;
  const profitable = anchor ? (trailingPe ?? 0) > 0 : random() < fund.profitableShare;
  const revenue2023 = (marketCap / profile.priceToSales) * lognormal(random, 0.7) * (profitable ? 1 : 0.5);
  // Earnings = market cap / P/E where the screener gives a P/E; a loss-maker loses at most a few percent of
  // its market cap a year (small-cap losses are large against revenue, not against value).
  const margin = profitable
    ? Math.min(0.4, trailingPe ? marketCap / trailingPe / revenue2023 : uniform(random, 0.02, 0.15))
    : -Math.min(uniform(random, 0.03, 0.8), (marketCap * uniform(random, 0.005, 0.06)) / revenue2023);
  const totalAssets = revenue2023 * profile.assetsToRevenue * lognormal(random, 0.4);
  const liabilities = totalAssets * uniform(random, ...profile.liabilitiesShare);
  const interestRate = uniform(random, 0.04, 0.08);
  const growth = normal(random) * 0.15 + 0.07;
  const yieldFraction = dividendYieldFor(member, fund, anchor);
  const dps = yieldFraction === null ? null : yieldFraction * member.priceUsd;
  const year = (scale: number, noise: number): Year => {
    const revenue = revenue2023 * scale;
    const netIncome = revenue * (margin + noise);
    const interest = liabilities * scale * 0.5 * interestRate;
    const operatingIncome = netIncome > 0 ? netIncome * 1.27 + interest : netIncome + interest * uniform(random, 0.2, 1);
    const capex = revenue * uniform(random, ...profile.capexRate);
    const sbc = revenue * uniform(random, ...profile.sbcRate);
    const ocf = netIncome + capex * 0.8 + sbc + revenue * 0.03 * normal(random);
    return { revenue, operatingIncome, netIncome, interest, ocf, capex, sbc, dps: dps === null ? null : dps * scale };
  };
  const years = [year(1 / (1 + growth) ** 2, 0.03 * normal(random)), year(1 / (1 + growth), 0.03 * normal(random)), year(1, 0)];
  const q1of2023 = scaleYear(year(1, 0.02 * normal(random)), 0.25);
  const q1of2024 = scaleYear(year(1 + growth, 0.02 * normal(random)), 0.25);
  const equity = totalAssets - liabilities;
  const retainedEarnings = profitable ? equity * uniform(random, 0.2, 0.9) : -totalAssets * uniform(random, 0.1, 1.5);
  const balance = {
    totalAssets,
    liabilities,
    currentAssets: totalAssets * uniform(random, 0.2, 0.6),
    currentLiabilities: liabilities * uniform(random, 0.2, 0.5),
    retainedEarnings,
    equity,
  };
  return { shares, years, q1of2023, q1of2024, balance, sic: profile.sic, financial: member.sector === 'Financials' };
}

/** The real screener yield where the export covers the member; else a drawn one for a share of the members (own
 * seeded draws, so the other generated figures do not move). */
function dividendYieldFor(member: DemoMember, fund: DemoFund, anchor: ScreenAnchor | undefined): number | null {
  if (anchor) return anchor.dividendYield !== null && anchor.dividendYield > 0 ? anchor.dividendYield : null;
  const random = seededRandom(`zombie-beta dividend ${member.ticker}`);
  return random() < fund.dividendPayers ? uniform(random, 0.005, 0.035) : null;
}

function scaleYear(year: Year, factor: number): Year {
  return {
    revenue: year.revenue * factor,
    operatingIncome: year.operatingIncome * factor,
    netIncome: year.netIncome * factor,
    interest: year.interest * factor,
    ocf: year.ocf * factor,
    capex: year.capex * factor,
    sbc: year.sbc * factor,
    dps: year.dps === null ? null : year.dps * factor,
  };
}

interface Fact {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number;
  fp: string;
  form: string;
  filed: string;
}

interface Filing {
  accn: string;
  fy: number;
  fp: string;
  form: string;
  filed: string;
}

/** Builds a companyfacts document (the data.sec.gov /api/xbrl/companyfacts shape) for one generated member. */
export function generateCompany(member: DemoMember, fund: DemoFund, anchor: ScreenAnchor | undefined, cik: number): DemoCompany {
  const random = seededRandom(`zombie-beta demo ${member.ticker}`);
  const e = economics(member, fund, anchor, random);
  const filing = (n: number, fy: number, fp: string, form: string, filed: string): Filing => ({
    accn: `0009999999-${String(fy).slice(2)}-${String(cik % 1e6).padStart(6, '0')}${n}`.slice(0, 20),
    fy,
    fp,
    form,
    filed,
  });
  const tenK = [2021, 2022, 2023].map((fy, i) => filing(i + 1, fy, 'FY', '10-K', `${fy + 1}-02-28`));
  const q1Filings = [filing(4, 2023, 'Q1', '10-Q', '2023-05-08'), filing(5, 2024, 'Q1', '10-Q', '2024-05-07')];
  const durations = (pick: (year: Year) => number | null, round = (v: number) => Math.round(v)): Fact[] => {
    const facts: Fact[] = [];
    e.years.forEach((year, i) => {
      const value = pick(year);
      const fy = 2021 + i;
      if (value !== null) facts.push({ start: `${fy}-01-01`, end: `${fy}-12-31`, val: round(value), ...tenK[i]! });
    });
    [e.q1of2023, e.q1of2024].forEach((quarter, i) => {
      const value = pick(quarter);
      const fy = 2023 + i;
      if (value !== null) facts.push({ start: `${fy}-01-01`, end: `${fy}-03-31`, val: round(value), ...q1Filings[i]! });
    });
    return facts;
  };
  const instants = (value: number | null, q1Value: number | null): Fact[] => [
    ...(value === null ? [] : [{ end: '2023-12-31', val: Math.round(value), ...tenK[2]! }]),
    ...(q1Value === null ? [] : [{ end: '2024-03-31', val: Math.round(q1Value), ...q1Filings[1]! }]),
  ];
  const drift = 1 + 0.02 * normal(random);
  const b = e.balance;
  const usd = (facts: Fact[]) => ({ units: { USD: facts } });
  const eps = (year: Year) => year.netIncome / e.shares;
  const usGaap: Record<string, object> = {
    RevenueFromContractWithCustomerExcludingAssessedTax: usd(durations((y) => y.revenue)),
    OperatingIncomeLoss: usd(durations((y) => y.operatingIncome)),
    NetIncomeLoss: usd(durations((y) => y.netIncome)),
    EarningsPerShareDiluted: { units: { 'USD/shares': durations(eps, (v) => Math.round(v * 100) / 100) } },
    NetCashProvidedByUsedInOperatingActivities: usd(durations((y) => y.ocf)),
    PaymentsToAcquirePropertyPlantAndEquipment: usd(durations((y) => y.capex)),
    ShareBasedCompensation: usd(durations((y) => y.sbc)),
    InterestExpense: usd(durations((y) => y.interest)),
    Assets: usd(instants(b.totalAssets, b.totalAssets * drift)),
    Liabilities: usd(instants(b.liabilities, b.liabilities * drift)),
    RetainedEarningsAccumulatedDeficit: usd(instants(b.retainedEarnings, b.retainedEarnings + e.q1of2024.netIncome)),
    StockholdersEquity: usd(instants(b.equity, b.totalAssets * drift - b.liabilities * drift)),
  };
  if (!e.financial) {
    usGaap.AssetsCurrent = usd(instants(b.currentAssets, b.currentAssets * drift));
    usGaap.LiabilitiesCurrent = usd(instants(b.currentLiabilities, b.currentLiabilities * drift));
  }
  if (e.years[2]!.dps !== null) {
    usGaap.CommonStockDividendsPerShareDeclared = {
      units: {
        'USD/shares': durations(
          (y) => y.dps,
          (v) => Math.round(v * 1000) / 1000,
        ),
      },
    };
  }
  const companyfacts = {
    cik,
    entityName: member.name,
    facts: {
      dei: {
        EntityCommonStockSharesOutstanding: {
          label: 'Entity Common Stock, Shares Outstanding',
          units: { shares: [{ end: '2024-04-30', val: Math.round(e.shares), ...q1Filings[1]! }] },
        },
      },
      'us-gaap': usGaap,
    },
  };
  const submissions = {
    cik: String(cik),
    entityType: 'operating',
    sic: String(e.sic),
    name: member.name,
    tickers: [member.ticker],
    fiscalYearEnd: '1231',
    filings: filingHistory(member.ticker, cik, [...q1Filings, ...tenK].reverse()),
  };
  return { ticker: member.ticker, cik, name: member.name, sic: e.sic, companyfacts, submissions };
}

/** The day the generated history is told from: first filings are dated this many years before it at most. */
const HISTORY_END = '2024-05-07';
const OLDEST_FILER_YEARS = 40;

/**
 * A submissions `filings` block: the generated 10-K and 10-Qs as the recent filings, and, for a company that filed
 * before them, an older page whose `filingFrom` is its first filing. The first filing lies a uniform^1.3 share of
 * 40 years back (about a third of companies under ten years old, as in small caps); its own seeded draws, so the
 * figures generated before are unchanged.
 */
function filingHistory(ticker: string, cik: number, recent: readonly Filing[]) {
  const random = seededRandom(`zombie-beta first filing ${ticker}`);
  const daysBack = Math.round(random() ** 1.3 * OLDEST_FILER_YEARS * 365.25);
  const first = new Date(Date.parse(`${HISTORY_END}T00:00:00Z`) - daysBack * 86_400_000).toISOString().slice(0, 10);
  const oldest = recent.at(-1)!.filed;
  const label = `CIK${String(cik).padStart(10, '0')}`;
  return {
    recent: { accessionNumber: recent.map((f) => f.accn), filingDate: recent.map((f) => f.filed), form: recent.map((f) => f.form) },
    files: first < oldest ? [{ name: `${label}-submissions-001.json`, filingCount: 1, filingFrom: first, filingTo: first }] : [],
  };
}

export interface PriceRow {
  date: string;
  close: number;
  adjClose: number;
}

/** Mean and spread of a member's generated 1-year log return (small caps: ~+5% median, wide dispersion). */
const RETURN_DRIFT = 0.05;
const RETURN_SPREAD = 0.4;

/**
 * A daily price path over `tradingDates` (ascending) ending at the member's real holdings price: the 1-year
 * log return is drawn from N(RETURN_DRIFT, RETURN_SPREAD²) and the path between its ends is a log-space
 * Brownian bridge with the member's own daily volatility. No older real price is used as an anchor, so a split
 * between two real files cannot show as a jump. Adjusted close discounts the dividend yield continuously, as a
 * total-return series would.
 */
export function generatePrices(member: DemoMember, tradingDates: string[], dividendYield: number): PriceRow[] {
  const random = seededRandom(`zombie-beta prices ${member.ticker}`);
  const n = tradingDates.length;
  const dailyVol = uniform(random, 0.25, 0.7) / Math.sqrt(252);
  const end = Math.log(member.priceUsd);
  const start = end - (RETURN_DRIFT + RETURN_SPREAD * normal(random));
  const walk: number[] = [0];
  for (let i = 1; i < n; i++) walk.push(walk[i - 1]! + normal(random) * dailyVol);
  const gap = end - start - walk[n - 1]!;
  return tradingDates.map((date, i) => {
    const log = start + walk[i]! + (gap * i) / Math.max(1, n - 1);
    const close = Math.round(Math.exp(log) * 100) / 100;
    return { date, close, adjClose: Math.round(close * Math.exp((-dividendYield * (n - 1 - i)) / 252) * 10000) / 10000 };
  });
}

export function priceCsv(rows: PriceRow[]): string {
  return `Date,Close,Adj Close\n${rows.map((row) => `${row.date},${row.close},${row.adjClose}`).join('\n')}\n`;
}

/** Generated CIKs start here, far above any real SEC CIK, so demo companies can never pass for real filers. */
export const DEMO_CIK_BASE = 9_000_000_000;

export interface DemoFiles {
  /** file:// base URL holding files/company_tickers.json, api/xbrl/companyfacts/ and submissions/. */
  secBaseUrl: string;
  /** Every member given companyfacts (of all funds, each ticker once). */
  tickers: string[];
  /** One price CSV per member of the funds with `prices`, by ticker. */
  priceFiles: Map<string, string>;
}

/**
 * Writes the generated files under `dir` in the SEC and price-CSV layouts the ingest reads, for the members of
 * every fund (a ticker in two funds once, as its first fund has it). `anchors` carries the real screener ratios
 * by ticker.
 */
export function writeDemoFiles(
  dir: string,
  funds: readonly DemoFund[],
  anchors: ReadonlyMap<string, ScreenAnchor>,
  tradingDates: string[],
): DemoFiles {
  const secDir = join(dir, 'sec');
  for (const sub of ['files', 'api/xbrl/companyfacts', 'submissions', '../prices']) {
    mkdirSync(join(secDir, sub), { recursive: true });
  }
  const tickers: Record<string, { cik_str: number; ticker: string; title: string }> = {};
  const priceFiles = new Map<string, string>();
  const seen = new Set<string>();
  for (const fund of funds) {
    for (const member of fund.members) {
      if (seen.has(member.ticker)) continue;
      seen.add(member.ticker);
      const cik = DEMO_CIK_BASE + seen.size;
      const anchor = anchors.get(member.ticker);
      const company = generateCompany(member, fund, anchor, cik);
      const label = `CIK${String(cik).padStart(10, '0')}`;
      tickers[String(seen.size - 1)] = { cik_str: cik, ticker: member.ticker, title: member.name };
      writeFileSync(join(secDir, 'api/xbrl/companyfacts', `${label}.json`), JSON.stringify(company.companyfacts));
      writeFileSync(join(secDir, 'submissions', `${label}.json`), JSON.stringify(company.submissions));
      if (!fund.prices) continue;
      const file = pathInside(join(dir, 'prices'), `${member.ticker}.csv`);
      writeFileSync(file, priceCsv(generatePrices(member, tradingDates, anchor?.dividendYield ?? 0)));
      priceFiles.set(member.ticker, file);
    }
  }
  writeFileSync(join(secDir, 'files', 'company_tickers.json'), JSON.stringify(tickers));
  return { secBaseUrl: pathToFileURL(secDir).href, tickers: [...seen], priceFiles };
}
