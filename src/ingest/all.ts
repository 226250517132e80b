// `zombie ingest all`: every live source in order — holdings, fundamentals, prices, odds, futures positions (COT, ^RUT) — from the configured
// upstreams: the cheap daily refresh, SEC only for companies that filed since the last run, Yahoo only for the
// ETFs and new members. The offline run on the bundled data is src/demo/ingest.ts.
import { latestHoldings } from '../store/holdings.js';
import { timed, type IngestContext, type IngestSummary } from './context.js';
import { ingestCotApi, ingestIndexCloses } from './cot.js';
import { ingestHoldings } from './holdings.js';
import { ingestConfiguredOdds } from './odds.js';
import { ingestMemberPrices, ingestYahooPrices } from './prices.js';
import { ingestSec } from './sec.js';

/** The ETFs whose prices every figure needs (IWM, and SPY/QQQ for the relative Trump trade and valuation). */
export const BENCHMARKS = ['IWM', 'SPY', 'QQQ'];

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

export function ingestAll(ctx: IngestContext, options: IngestAllOptions = {}): Promise<IngestSummary[]> {
  const { config } = ctx;
  const now = options.now ?? new Date();
  return runSteps(options, async (step) => {
    await step(() => ingestHoldings(ctx, config.ISHARES_HOLDINGS_URL, { fund: 'IWM' }));
    const members = latestHoldings(ctx.db, 'IWM')?.holdings.map((h) => h.ticker) ?? [];
    await step(() => ingestSec(ctx, members, { changedOnly: true, now }));
    await step(() => ingestYahooPrices(ctx, BENCHMARKS));
    await step(() => ingestMemberPrices(ctx, 'IWM', now));
    await step(() => ingestConfiguredOdds(ctx));
    await step(() => ingestCotApi(ctx));
    await step(() => ingestIndexCloses(ctx));
  });
}
