// `zombie ingest all`: every live source in order — holdings, fundamentals, prices, odds, futures positions (COT, ^RUT) — from the configured
// upstreams: the cheap daily refresh, SEC only for companies that filed since the last run, Yahoo only for the
// ETFs and new members. The offline run on the bundled data is src/demo/ingest.ts.
import type { Db } from '../store/db.js';
import { holdingsFunds, latestMembersOfEveryFund } from '../store/holdings.js';
import type { YahooWindow } from '../sources/prices/shared.js';
import { SourceError } from '../sources/http.js';
import { timed, type IngestContext, type IngestSummary } from './context.js';
import { ingestCotApi, ingestIndexCloses } from './cot.js';
import { holdingsLocationLabel, ingestHoldings } from './holdings.js';
import { ingestConfiguredOdds } from './odds.js';
import { ingestMemberPrices, ingestYahooPrices } from './prices.js';
import { ingestSec } from './sec.js';

/** The ETFs whose prices every figure needs (IWM, and SPY/QQQ for the relative Trump trade and valuation). */
export const BENCHMARKS = ['IWM', 'SPY', 'QQQ'];

/** The ETFs' whole history: seasonality since 2000 and the 10-year returns of `/zombie compare`. */
export const ETF_WINDOW: YahooWindow = { range: 'max' };

/** The benchmarks and the ETF of every fund whose holdings are kept (IJR, IVV, ...), each once. */
export function etfSymbols(db: Db): string[] {
  return [...new Set([...BENCHMARKS, ...holdingsFunds(db)])];
}

export interface IngestAllOptions {
  /** Called after each step with its summaries (the CLI prints them as they come). */
  onStep?: (summaries: IngestSummary[]) => void;
  /** The run's clock (the SEC refresh's as-of date); default now. */
  now?: Date;
}

/** Runs one ingest step, timing it and reporting its summaries. */
export type Step = (run: () => Promise<IngestSummary | IngestSummary[]>) => Promise<void>;

/** Runs `steps` in order and returns every summary, reporting each step's as it completes. */
export async function runSteps(options: IngestAllOptions, steps: (step: Step) => Promise<void>): Promise<IngestSummary[]> {
  const all: IngestSummary[] = [];
  await steps(async (run) => {
    const summaries = await timed(run);
    all.push(...summaries);
    options.onStep?.(summaries);
  });
  return all;
}

/** One more fund's holdings (ISHARES_FUND_URLS): a failure is reported in its summary and the refresh goes on. */
async function ingestOtherFund(ctx: IngestContext, url: string): Promise<IngestSummary> {
  try {
    return await ingestHoldings(ctx, url);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    ctx.log(error.message);
    return { source: 'holdings', subject: holdingsLocationLabel(url), rows: 0, asOf: null, failures: [error.message] };
  }
}

export function ingestAll(ctx: IngestContext, options: IngestAllOptions = {}): Promise<IngestSummary[]> {
  const { config } = ctx;
  const now = options.now ?? new Date();
  return runSteps(options, async (step) => {
    await step(() => ingestHoldings(ctx, config.ISHARES_HOLDINGS_URL, { fund: 'IWM' }));
    for (const url of config.ISHARES_FUND_URLS) await step(() => ingestOtherFund(ctx, url));
    // Fundamentals for the members of every kept fund, each company once however many funds hold it.
    await step(() => ingestSec(ctx, latestMembersOfEveryFund(ctx.db), { changedOnly: true, now }));
    await step(() => ingestYahooPrices(ctx, etfSymbols(ctx.db), ETF_WINDOW));
    await step(() => ingestMemberPrices(ctx, 'IWM', now));
    await step(() => ingestConfiguredOdds(ctx));
    await step(() => ingestCotApi(ctx));
    await step(() => ingestIndexCloses(ctx));
  });
}
