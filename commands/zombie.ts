// /zombie: the index's health, valuation, dispersion, composition and Trump trade, from the cache.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandContext } from '../src/bot/command.js';
import type { Reply } from '../src/core/reply.js';
import type { CommandRequest } from '../src/core/request.js';
import { drawInProcess } from '../src/render/charts/task.js';
import { chartFile, returnsChartSpec, seasonalityChartSpec, sectorsChartSpec, trumpChartSpec, type ChartSpec } from '../src/render/charts/specs.js';
import { trumpChartSeries } from '../src/universe/chart-series.js';
import { healthEmbed, returnsEmbed, seasonalityEmbed, sectorsEmbed, summaryEmbed, trumpEmbed, valuationEmbed } from '../src/render/zombie.js';
import { published, publishedIndex, type PublishedIndex } from '../src/universe/published.js';

const views = {
  summary: ['One embed: health, valuation, dispersion, composition and the Trump trade', summaryEmbed],
  health: ['Zombie firms, negative EPS, Altman Z zones, FCF and SBC', healthEmbed],
  valuation: ['Index P/E against SPY/QQQ where their holdings are ingested', valuationEmbed],
  returns: ['Dispersion of 1-year returns: tails, median, best and worst five', returnsEmbed],
  sectors: ['Members and average market cap per sector', sectorsEmbed],
  trump: ['IWM against the election odds: correlation and beta over 30/60/90 days', trumpEmbed],
  seasonality: ['IWM by calendar month since 2000: mean return, hit rate and vs SPY', seasonalityEmbed],
} as const;

type View = keyof typeof views;

export const data = {
  name: 'zombie',
  description: 'Russell 2000 (IWM) "zombie beta" figures',
  options: Object.entries(views).map(([name, [description]]) => ({ type: ApplicationCommandOptionType.Subcommand, name, description })),
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function execute(request: CommandRequest, context: CommandContext): Promise<Reply> {
  return publishedView((request.subcommand ?? 'summary') as View, context);
}

/** Every view (embeds and charts) for the current snapshots, before anyone asks. */
export async function prepare(context: CommandContext): Promise<void> {
  await Promise.all(Object.keys(views).map((view) => publishedView(view as View, context)));
}

/** A view's reply, built once per snapshots version (and calendar month: seasonality marks the current one) and
 * then served as stored. */
function publishedView(view: View, context: CommandContext): Promise<Reply> {
  const now = context.now();
  return published(context.db).once(`/zombie ${view} ${now.toISOString().slice(0, 7)}`, async () => {
    const index = await publishedIndex(context.db, context.config);
    if (!index) return { ephemeral: true, content: 'No IWM holdings in the cache yet. An admin can run `zombie ingest all` (or `npm run demo`).' };
    const embed = views[view][1](index.figures, now);
    const spec = chartFor(view, context, index, now);
    if (!spec) return { embeds: [embed] };
    const file = await chartFile(spec, context.drawChart ?? drawInProcess);
    return { embeds: [{ ...embed, image: { url: `attachment://${file.name}` } }], files: [file] };
  });
}

/** The chart a view carries (the summary stays text-only, so it answers fastest). */
function chartFor(view: View, context: CommandContext, { universe, figures }: PublishedIndex, now: Date): ChartSpec | null {
  if (view === 'trump') return trumpChartSpec(trumpChartSeries(context.db, context.config), figures);
  if (view === 'returns') return returnsChartSpec(universe, figures);
  if (view === 'sectors') return sectorsChartSpec(figures);
  if (view === 'seasonality') return seasonalityChartSpec(figures, now);
  return null;
}
