// /zombie: the index's health, valuation, dispersion, composition and Trump trade, from the cache.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandContext } from '../src/bot/command.js';
import type { Reply } from '../src/core/reply.js';
import { readInvocation } from '../src/core/invocation.js';
import { inlineCode } from '../src/core/text.js';
import type { AutocompleteRequest, CommandRequest } from '../src/core/request.js';
import { drawInProcess, type DrawChart } from '../src/render/charts/task.js';
import {
  withCharts,
  withoutCharts,
  evictionsChartSpec,
  returnsChartSpec,
  trendChartSpec,
  seasonalityChartSpec,
  sectorsChartSpec,
  trumpChartSpecs,
  positioningChartSpec,
  type ChartSpec,
} from '../src/render/charts/specs.js';
import { positioningEmbed } from '../src/render/futures.js';
import { positioningSince, positioningWeeks, sinceProblem } from '../src/universe/futures.js';
import { trumpChartSeries } from '../src/universe/chart-series.js';
import { evictionsEmbed, trendEmbed } from '../src/render/history.js';
import { loadHistory, type History } from '../src/universe/history.js';
import { healthEmbed, returnsEmbed, seasonalityEmbed, sectorsEmbed, summaryEmbed, trumpEmbed, valuationEmbed } from '../src/render/zombie.js';
import { oddsSeriesNames } from '../src/store/odds.js';
import { indexFigures } from '../src/universe/figures.js';
import { published, publishedIndex, type PublishedIndex } from '../src/universe/published.js';
import { MAX_CHOICES } from '../src/universe/symbols.js';
import { compareReply, FUNDS_OPTION, fundChoices } from './zombie/compare.js';

const views = {
  summary: ['One embed: health, valuation, dispersion, composition and the Trump trade', summaryEmbed],
  health: ['Zombie firms, negative EPS, Altman Z zones, FCF and SBC', healthEmbed],
  valuation: ['Every kept fund ranked by P/E (and forward P/E where known)', valuationEmbed],
  returns: ['Dispersion of 1-year returns: tails, median, best and worst five', returnsEmbed],
  sectors: ['Members and average market cap per sector', sectorsEmbed],
  trump: ['IWM against the election odds: correlation and beta over 30/60/90 days', trumpEmbed],
  seasonality: ['IWM by calendar month since 2000: mean return, hit rate and vs SPY', seasonalityEmbed],
  evictions: ['Who left at reconstitution: moved up (and their gains), dropped, joined', evictionsEmbed],
  positioning: ["Russell 2000 futures: leveraged funds' and asset managers' net, percentiles and changes (CFTC COT)", positioningEmbed],
  // The trend view reads the kept history besides the figures (embedFor).
  trend: ["Headline shares over kept snapshots, and by fiscal year for today's members", null],
  // The compare view reads every compared fund (./zombie/compare.ts).
  compare: ['IWM side by side with the S&P 600 (IJR), the S&P 500 and other kept funds', null],
} as const;

type View = keyof typeof views;
/** The views built from the index figures (all but compare). */
type IndexView = Exclude<View, 'compare'>;

/** Discord's longest option value and choice name, in characters. */
const SERIES_MAX = 100;

/** /zombie trump's option: a stored odds series, by name (autocompleted). */
const SERIES_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'series',
  description: 'Odds series (default: the configured one)',
  autocomplete: true,
  max_length: SERIES_MAX,
} as const;

/** /zombie positioning's option: the date the changes count from. */
const SINCE_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'since',
  description: 'Changes since this date, YYYY-MM-DD (e.g. 2024-11-05, election day)',
  max_length: 10,
} as const;

/** One subcommand per view, described by the view table. */
const viewSubcommand = <const V extends View>(name: V) =>
  ({ type: ApplicationCommandOptionType.Subcommand, name, description: views[name][0] }) as const;

export const data = {
  name: 'zombie',
  description: 'Russell 2000 (IWM) "zombie beta" figures',
  options: [
    viewSubcommand('summary'),
    viewSubcommand('health'),
    viewSubcommand('valuation'),
    viewSubcommand('returns'),
    viewSubcommand('sectors'),
    { ...viewSubcommand('trump'), options: [SERIES_OPTION] },
    viewSubcommand('seasonality'),
    viewSubcommand('evictions'),
    { ...viewSubcommand('positioning'), options: [SINCE_OPTION] },
    viewSubcommand('trend'),
    { ...viewSubcommand('compare'), options: [FUNDS_OPTION] },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Fails to compile when a view of the table is not offered as a subcommand above. */
const everyViewOffered: Record<Exclude<View, (typeof data.options)[number]['name']>, never> = {};
void everyViewOffered;

export async function execute(request: CommandRequest, context: CommandContext): Promise<Reply> {
  const call = readInvocation(data, { ...request, subcommand: request.subcommand ?? 'summary' });
  if ('problem' in call) return { ephemeral: true, content: call.problem };
  if (call.subcommand === 'compare') return compareReply(context, call.options.funds);
  const series = call.subcommand === 'trump' ? call.options.series?.trim() : undefined;
  if (series !== undefined) {
    const stored = oddsSeriesNames(context.db);
    if (!stored.includes(series)) {
      const list =
        stored.length > 0
          ? ` Stored series: ${stored
              .slice(0, 10)
              .map((name) => inlineCode(name, SERIES_MAX))
              .join(', ')}.`
          : ' No odds series are stored yet.';
      return { ephemeral: true, content: `No odds series named ${inlineCode(series, SERIES_MAX)}.${list}` };
    }
  }
  const since = call.subcommand === 'positioning' ? call.options.since?.trim() : undefined;
  if (since !== undefined) {
    const problem = sinceProblem(positioningWeeks(context.db), since);
    if (problem !== null) return { ephemeral: true, content: problem };
  }
  return publishedView(call.subcommand, context, series, since);
}

/** Autocomplete for `series` (stored odds series containing what was typed) and `funds` (kept funds), at most 25. */
export async function autocomplete(request: AutocompleteRequest, context: CommandContext) {
  if (request.focused.name === FUNDS_OPTION.name) return fundChoices(context, request.focused.value);
  const typed = request.focused.value.trim().toLowerCase();
  return oddsSeriesNames(context.db)
    .filter((name) => name.toLowerCase().includes(typed))
    .filter((name) => Array.from(name).length <= SERIES_MAX)
    .slice(0, MAX_CHOICES)
    .map((name) => ({ name, value: name }));
}

/** Every view (embeds and charts) for the current snapshots, before anyone asks. */
export async function prepare(context: CommandContext): Promise<void> {
  const indexViews = Object.keys(views).filter((view): view is IndexView => view !== 'compare');
  await Promise.all([...indexViews.map((view) => publishedView(view, context)), compareReply(context)]);
}

/** A view's reply, built once per snapshots version (and calendar month: seasonality marks the current one; and
 * odds series for the trump view) and then served as stored. When its charts cannot be drawn now (the chart queue
 * is full, or the bot is stopping) the member gets the view without them, not kept, so the next request draws them. */
function publishedView(view: IndexView, context: CommandContext, series?: string, since?: string): Promise<Reply> {
  const now = context.now();
  const key = `/zombie ${view} ${now.toISOString().slice(0, 7)}${series === undefined ? '' : ` series:${series}`}${since === undefined ? '' : ` since:${since}`}`;
  // A since date is the member's choice: those replies are kept among the recently asked (LRU), not all.
  const store = published(context.db);
  const keep = since === undefined ? store.once.bind(store) : store.recent.bind(store);
  return keep(key, () => viewReply({ view, context, now, series, since }, context.drawChart ?? drawInProcess)).catch(withoutCharts);
}

interface ViewRequest {
  view: IndexView;
  context: CommandContext;
  now: Date;
  series: string | undefined;
  since: string | undefined;
}

/** A view's embeds and charts (ChartsSkipped when the charts cannot be drawn now). */
async function viewReply({ view, context, now, series, since }: ViewRequest, draw: DrawChart): Promise<Reply> {
  const index = await publishedIndex(context.db, context.config);
  if (!index) return { ephemeral: true, content: 'No IWM holdings in the cache yet. An admin can run `zombie ingest all` (or `npm run demo`).' };
  const chosen = series === undefined ? index.figures : indexFigures(context.db, context.config, index.universe, { series });
  const figures = since === undefined ? chosen : { ...chosen, positioning: positioningSince(context.db, since) };
  const history = view === 'trend' ? historyOf(context.db) : null;
  const render = views[view][1];
  const embed = render === null ? trendEmbed(figures, history!) : render(figures, now);
  const specs = history ? [trendChartSpec(figures, history)] : chartsFor(view, context, { universe: index.universe, figures }, now, series, since);
  return withCharts(embed, specs, draw);
}

/** The kept history of the IWM (empty lists when none is kept). */
function historyOf(db: CommandContext['db']): History {
  return loadHistory(db)?.history ?? { snapshots: [], fiscalYears: [] };
}

/** The charts a view carries (the summary stays text-only, so it answers fastest). */
function chartsFor(
  view: IndexView,
  context: CommandContext,
  { universe, figures }: PublishedIndex,
  now: Date,
  series?: string,
  since?: string,
): ChartSpec[] {
  if (view === 'trump') return trumpChartSpecs(trumpChartSeries(context.db, context.config, series), figures);
  if (view === 'returns') return [returnsChartSpec(universe, figures)];
  if (view === 'sectors') return [sectorsChartSpec(figures)];
  if (view === 'seasonality') return [seasonalityChartSpec(figures, now)];
  if (view === 'evictions') return [evictionsChartSpec(figures)];
  if (view === 'positioning') return [positioningChartSpec(positioningWeeks(context.db), since)];
  return [];
}
