// `zombie ingest all`: every source in order — holdings, fundamentals, prices, odds, screener — either live
// from the configured upstreams or, with --offline, from the bundled data in data/demo (real files, plus
// generated files for what no public file gives, ingested as demo data). Live, it is the cheap daily refresh:
// SEC only for companies that filed since the last run, Yahoo only for the ETFs and new members.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeDemoFiles, type DemoFund, type ScreenAnchor } from '../demo/generate.js';
import { oddsSeriesName } from '../sources/polymarket.js';
import { latestHoldings } from '../store/holdings.js';
import { priceSeries } from '../store/prices.js';
import { latestScreenValues } from '../store/screen.js';
import { timed, type IngestContext, type IngestSummary } from './context.js';
import { ingestHoldings } from './holdings.js';
import { importOddsCsv, ingestPolymarketOdds } from './odds.js';
import { importPriceCsv, ingestMemberPrices, ingestYahooPrices } from './prices.js';
import { ingestScreen } from './screen.js';
import { ingestSec } from './sec.js';

export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'demo');
/** The ETFs whose prices every figure needs (IWM, and SPY/QQQ for the relative Trump trade and valuation). */
export const BENCHMARKS = ['IWM', 'SPY', 'QQQ'];
/** The real companyfacts samples bundled with the demo (not IWM members; their cards still work). */
const DEMO_REAL_SEC_TICKERS = ['SNOW', 'LPA'];
/**
 * The funds whose members get generated data: IWM (with a year of prices each) and IVV (fundamentals only, for
 * the valuation comparison). Ownership = the fund's assets over its index's market cap (IWM ~$65bn of a ~$2.9tn
 * Russell 2000; IVV ~$500bn of a ~$45tn S&P 500), which turns a real position into a company size.
 */
const DEMO_FUNDS = [
  { fund: 'IWM', ownership: 0.022, profitableShare: 0.6, prices: true },
  { fund: 'IVV', ownership: 0.011, profitableShare: 0.92, prices: false },
] as const;

export interface IngestAllOptions {
  offline: boolean;
  /** Called after each step with its summaries (the CLI prints them as they come). */
  onStep?: (summaries: IngestSummary[]) => void;
  /** The run's clock (the SEC refresh's as-of date); default now. */
  now?: Date;
}

export async function ingestAll(ctx: IngestContext, options: IngestAllOptions): Promise<IngestSummary[]> {
  const all: IngestSummary[] = [];
  const step = async (run: () => Promise<IngestSummary | IngestSummary[]>) => {
    const summaries = await timed(run);
    all.push(...summaries);
    options.onStep?.(summaries);
  };
  if (options.offline) await ingestDemo(ctx, step);
  else await ingestLive(ctx, step, options.now ?? new Date());
  return all;
}

type Step = (run: () => Promise<IngestSummary | IngestSummary[]>) => Promise<void>;

async function ingestLive(ctx: IngestContext, step: Step, now: Date): Promise<void> {
  const { config } = ctx;
  await step(() => ingestHoldings(ctx, config.ISHARES_HOLDINGS_URL, { fund: 'IWM' }));
  const members = memberTickers(ctx);
  await step(() => ingestSec(ctx, members, { changedOnly: true, now }));
  await step(() => ingestYahooPrices(ctx, BENCHMARKS));
  await step(() => ingestMemberPrices(ctx, 'IWM', now));
  await step(() => ingestPolymarketOdds(ctx, config.ODDS_MARKET_SLUG, { outcome: config.ODDS_OUTCOME }));
}

async function ingestDemo(ctx: IngestContext, step: Step): Promise<void> {
  const demo = (...parts: string[]) => join(DEMO_DIR, ...parts);
  await step(() => ingestHoldings(ctx, demo('holdings', 'IWM_holdings.csv')));
  await step(() => ingestHoldings(ctx, demo('holdings', 'IVV_holdings.csv')));
  await step(() => ingestScreen(ctx, demo('screens', 'russell_2000.csv')));
  for (const symbol of BENCHMARKS) await step(() => importPriceCsv(ctx, demo('prices', `${symbol}.csv`), symbol));
  const oddsName = oddsSeriesName(ctx.config.ODDS_MARKET_SLUG, ctx.config.ODDS_OUTCOME);
  await step(() => importOddsCsv(ctx, demo('odds', 'polymarket-price-data-hourly.csv'), { column: ctx.config.ODDS_OUTCOME, name: oddsName }));
  // The whole demo is dated on the IWM holdings date: the generated fundamentals stand for that day.
  const asOf = latestHoldings(ctx.db, 'IWM')?.snapshot.asOf;
  if (!asOf) throw new Error('demo: the bundled IWM holdings must be ingested first');
  const realSec = pathToFileURL(demo('sec')).href;
  const realCtx = { ...ctx, config: { ...ctx.config, SEC_WWW_URL: realSec, SEC_DATA_URL: realSec } };
  // The bundled real samples come without their submissions documents: SIC and fiscal year end stay unknown.
  await step(() => ingestSec(realCtx, DEMO_REAL_SEC_TICKERS, { asOf, profiles: false }));

  const generated = writeGeneratedFiles(ctx, demo('generated'), asOf);
  const demoCtx: IngestContext = { ...ctx, demo: true, config: { ...ctx.config, SEC_WWW_URL: generated.secBaseUrl, SEC_DATA_URL: generated.secBaseUrl } };
  await step(() => ingestSec(demoCtx, generated.tickers, { asOf }));
  await step(async () => {
    const progress = ctx.progress(generated.priceFiles.size, 'demo prices');
    const priceSummaries: IngestSummary[] = [];
    for (const [ticker, file] of generated.priceFiles) {
      priceSummaries.push(await importPriceCsv(demoCtx, file, ticker));
      progress.tick(ticker);
    }
    progress.done();
    return foldSummaries(priceSummaries, 'members (demo data)');
  });
}

/** Writes the generated member files, anchored on the ingested real holdings, screener and IWM trading days. */
function writeGeneratedFiles(ctx: IngestContext, dir: string, asOf: string) {
  const iwm = priceSeries(ctx.db, 'IWM');
  if (!iwm) throw new Error('demo: the bundled IWM prices must be ingested first');
  const yearBefore = `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`;
  const tradingDates = iwm.points.map((p) => p.date).filter((date) => date >= yearBefore && date <= asOf);
  const funds: DemoFund[] = DEMO_FUNDS.map((fund) => ({
    ...fund,
    members: (latestHoldings(ctx.db, fund.fund)?.holdings ?? [])
      .filter((h) => h.priceUsd !== null && h.priceUsd > 0)
      .map((h) => ({ ticker: h.ticker, name: h.name, sector: h.sector, priceUsd: h.priceUsd!, marketValueUsd: h.marketValueUsd })),
  }));
  const anchors = new Map<string, ScreenAnchor>();
  for (const [ticker, values] of latestScreenValues(ctx.db)) {
    anchors.set(ticker, { trailingPe: values.trailingPe, dividendYield: values.dividendYield });
  }
  return writeDemoFiles(dir, funds, anchors, tradingDates);
}

function memberTickers(ctx: IngestContext): string[] {
  return latestHoldings(ctx.db, 'IWM')?.holdings.map((h) => h.ticker) ?? [];
}

function foldSummaries(summaries: IngestSummary[], subject: string): IngestSummary {
  return {
    source: 'prices',
    subject,
    rows: summaries.reduce((sum, s) => sum + s.rows, 0),
    asOf: summaries.map((s) => s.asOf).filter((d) => d !== null).sort().at(-1) ?? null,
    failures: summaries.flatMap((s) => s.failures),
    note: `${summaries.length.toLocaleString('en-US')} symbols`,
  };
}
