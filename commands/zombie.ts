// /zombie: the index's health, valuation, dispersion, composition and Trump trade, from the cache.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandContext, CommandRequest, Reply, ReplyFile } from '../src/bot/command.js';
import { returnsChartFile, seasonalityChartFile, sectorsChartFile, trumpChartFile } from '../src/universe/charts.js';
import { healthEmbed, returnsEmbed, seasonalityEmbed, sectorsEmbed, summaryEmbed, trumpEmbed, valuationEmbed } from '../src/render/zombie.js';
import { indexFigures, type IndexFigures } from '../src/universe/figures.js';
import { loadUniverse, type Universe } from '../src/universe/load.js';

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
  const view = (request.subcommand ?? 'summary') as View;
  const universe = loadUniverse(context.db);
  if (!universe) return { ephemeral: true, content: 'No IWM holdings in the cache yet. An admin can run `zombie ingest all` (or `npm run demo`).' };
  const figures = indexFigures(context.db, context.config, universe);
  const embed = views[view][1](figures, context.now());
  const file = chartFor(view, context, universe, figures);
  if (!file) return { embeds: [embed] };
  return { embeds: [{ ...embed, image: { url: `attachment://${file.name}` } }], files: [file] };
}

/** The chart a view carries (the summary stays text-only, so it answers fastest). */
function chartFor(view: View, context: CommandContext, universe: Universe, figures: IndexFigures): ReplyFile | null {
  if (view === 'trump') return trumpChartFile(context.db, context.config, figures);
  if (view === 'returns') return returnsChartFile(universe, figures);
  if (view === 'sectors') return sectorsChartFile(figures);
  if (view === 'seasonality') return seasonalityChartFile(figures, context.now());
  return null;
}
