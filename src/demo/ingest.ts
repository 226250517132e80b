// `zombie demo` and `zombie ingest all --offline`: every source from the bundled data in data/demo (real files,
// plus generated files for what no public file gives, ingested as demo data), through the same ingests as live.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../core/paths.js';
import { BENCHMARKS, runSteps, type IngestAllOptions } from '../ingest/all.js';
import type { IngestContext, IngestSummary } from '../ingest/context.js';
import { importCotFile } from '../ingest/cot.js';
import { RUSSELL_INDEX_SYMBOL } from '../core/futures.js';
import { ingestHoldings } from '../ingest/holdings.js';
import { importOddsFile } from '../ingest/odds.js';
import { importPriceCsv } from '../ingest/prices.js';
import { ingestScreen } from '../ingest/screen.js';
import { ingestSec } from '../ingest/sec.js';
import { latestHoldings } from '../store/holdings.js';
import { oddsSeriesName } from '../store/odds.js';
import { priceSeries } from '../store/prices.js';
import { latestScreenValues } from '../store/screen.js';
import { writeDemoFiles, type DemoFund, type ScreenAnchor } from './generate.js';

/** The bundled Kalshi candlesticks of "Trump wins 2024", a second odds series for the demo. */
export const DEMO_KALSHI_SERIES = 'kalshi/PRES-2024-DJT';
export const DEMO_DIR = packagePath('data', 'demo');
/** The real companyfacts samples bundled with the demo (not IWM members; their cards still work). */
const DEMO_REAL_SEC_TICKERS = ['SNOW', 'LPA'];
/**
 * The funds whose members get generated data: IWM (with a year of prices each), and IVV, IJR, IJH and IWV
 * (fundamentals only, for /zombie compare and the valuation ranking). Ownership = the fund's assets over its
 * index's market cap (IWM ~$65bn of a ~$2.9tn Russell 2000; IVV ~$500bn of a ~$45tn S&P 500; IJR ~$107bn of a
 * ~$1.6tn S&P 600; IJH ~$123bn of a ~$3.2tn S&P 400; IWV ~$14bn of a ~$55tn Russell 3000), which turns a real
 * position into a company size. A company held by several funds is generated once, as the first fund has it.
 */
const DEMO_FUNDS = [
  { fund: 'IWM', ownership: 0.022, profitableShare: 0.6, dividendPayers: 0, prices: true },
  { fund: 'IVV', ownership: 0.011, profitableShare: 0.92, dividendPayers: 0.8, prices: false },
  { fund: 'IJR', ownership: 0.067, profitableShare: 0.85, dividendPayers: 0.6, prices: false },
  { fund: 'IJH', ownership: 0.038, profitableShare: 0.9, dividendPayers: 0.7, prices: false },
  { fund: 'IWV', ownership: 0.00025, profitableShare: 0.75, dividendPayers: 0.6, prices: false },
] as const;
/** The ETFs whose bundled daily prices the demo loads (the benchmarks, and IJR and IVV for the compared returns). */
const DEMO_PRICE_FILES = [...BENCHMARKS, 'IJR', 'IVV'];
/** The day the bundled screener export was taken (commit 2023-11-05, a Sunday: Friday's closes). */
const DEMO_SCREEN_DATE = '2023-11-03';
/** The bundled IWV holdings are preamble-stripped: their prices are the Aug 15 2024 closes (AAPL 224.72). */
const DEMO_IWV_DATE = '2024-08-15';

export function ingestDemo(ctx: IngestContext, options: IngestAllOptions = {}): Promise<IngestSummary[]> {
  return runSteps(options, async (step) => {
    const demo = (...parts: string[]) => join(DEMO_DIR, ...parts);
    await step(() => ingestHoldings(ctx, demo('holdings', 'IWM_holdings.csv')));
    await step(() => ingestHoldings(ctx, demo('holdings', 'IVV_holdings.csv')));
    await step(() => ingestHoldings(ctx, demo('holdings', 'IWV_holdings.csv'), { fund: 'IWV', asOf: DEMO_IWV_DATE }));
    await step(() => ingestHoldings(ctx, demo('holdings', 'IJR_holdings.csv')));
    await step(() => ingestHoldings(ctx, demo('holdings', 'IJH_holdings.csv')));
    await step(() => ingestScreen(ctx, demo('screens', 'russell_2000.csv'), DEMO_SCREEN_DATE));
    for (const symbol of DEMO_PRICE_FILES) await step(() => importPriceCsv(ctx, demo('prices', `${symbol}.csv`), symbol));
    const oddsName = oddsSeriesName(ctx.config.ODDS_MARKET_SLUG, ctx.config.ODDS_OUTCOME);
    await step(() => importOddsFile(ctx, demo('odds', 'polymarket-price-data-hourly.csv'), { column: ctx.config.ODDS_OUTCOME, name: oddsName }));
    await step(() => importOddsFile(ctx, demo('odds', 'PRES-2024-DJT_candlesticks.csv'), { name: DEMO_KALSHI_SERIES }));
    // The futures side: real TFF weeks (yearly text files' Russell lines, and API rows for Aug–Dec 2024), ^RUT closes.
    await step(() => importCotFile(ctx, demo('cot', 'russell_tff_2017-2026.zip')));
    await step(() => importCotFile(ctx, demo('cot', 'gpe5-46if_239742_2024-07-30_2024-12-31.json')));
    await step(() => importPriceCsv(ctx, demo('prices', 'RUT.csv'), RUSSELL_INDEX_SYMBOL));
    // The whole demo is dated on the IWM holdings date: the generated fundamentals stand for that day.
    const asOf = latestHoldings(ctx.db, 'IWM')?.snapshot.asOf;
    if (!asOf) throw new Error('demo: the bundled IWM holdings must be ingested first');
    const realSec = pathToFileURL(demo('sec')).href;
    const realCtx = { ...ctx, config: { ...ctx.config, SEC_WWW_URL: realSec, SEC_DATA_URL: realSec } };
    // The bundled real samples come without their submissions documents: SIC and fiscal year end stay unknown.
    await step(() => ingestSec(realCtx, DEMO_REAL_SEC_TICKERS, { asOf, profiles: false }));

    const generated = writeGeneratedFiles(ctx, demo('generated'), asOf);
    const demoCtx: IngestContext = {
      ...ctx,
      demo: true,
      config: { ...ctx.config, SEC_WWW_URL: generated.secBaseUrl, SEC_DATA_URL: generated.secBaseUrl },
    };
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

function foldSummaries(summaries: IngestSummary[], subject: string): IngestSummary {
  return {
    source: 'prices',
    subject,
    rows: summaries.reduce((sum, s) => sum + s.rows, 0),
    asOf:
      summaries
        .map((s) => s.asOf)
        .filter((d) => d !== null)
        .sort()
        .at(-1) ?? null,
    failures: summaries.flatMap((s) => s.failures),
    note: `${summaries.length.toLocaleString('en-US')} symbols`,
  };
}
