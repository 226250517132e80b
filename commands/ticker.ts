// /ticker: an ETF's aggregate card (IWM, SPY, QQQ) or one member's card with its zombie flags.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { AutocompleteRequest, CommandContext, CommandRequest, Reply } from '../src/bot/command.js';
import { computeTickerCard } from '../src/metrics/ticker-card.js';
import { formatSignedPct } from '../src/render/format.js';
import { tickerEmbed } from '../src/render/ticker.js';
import { summaryEmbed } from '../src/render/zombie.js';
import { oneYearReturn } from '../src/metrics/returns.js';
import { priceSeries } from '../src/store/prices.js';
import { tickerChartFile } from '../src/universe/charts.js';
import { indexFigures } from '../src/universe/figures.js';
import { loadUniverse, type Universe } from '../src/universe/load.js';
import { autocompleteListings, closeMatches, normaliseSymbol, type Listing } from '../src/universe/symbols.js';

export const ETFS: Listing[] = [
  { symbol: 'IWM', name: 'iShares Russell 2000 ETF' },
  { symbol: 'SPY', name: 'SPDR S&P 500 ETF' },
  { symbol: 'QQQ', name: 'Invesco QQQ (Nasdaq-100)' },
];

export const data = {
  name: 'ticker',
  description: "An ETF's aggregate card (IWM, SPY, QQQ) or a Russell 2000 member's card",
  options: [{ type: ApplicationCommandOptionType.String, name: 'symbol', description: 'e.g. IWM or a member ticker', required: true, autocomplete: true, max_length: 100 }],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

function listings(universe: Universe | null): Listing[] {
  return [...ETFS, ...(universe?.members.map((m) => ({ symbol: m.ticker, name: m.name })) ?? [])];
}

export async function execute(request: CommandRequest, context: CommandContext): Promise<Reply> {
  const typed = String(request.options.symbol ?? '');
  const symbol = normaliseSymbol(typed);
  if (!symbol) return { ephemeral: true, content: 'That is not a ticker symbol: use 1–10 letters or digits, like `IWM` or `INSM`.' };
  const universe = loadUniverse(context.db);
  if (symbol === 'IWM' && universe) return { embeds: [summaryEmbed(indexFigures(context.db, context.config, universe))] };
  const member = universe?.members.find((m) => m.ticker === symbol);
  if (member && universe) {
    const chart = tickerChartFile(context.db, universe, member.ticker, member.demo);
    const embed = tickerEmbed(computeTickerCard(member, universe.members), universe.fund, universe.asOfDate);
    return { embeds: [{ ...embed, image: { url: `attachment://${chart.name}` } }], files: [chart] };
  }
  const etf = ETFS.find((e) => e.symbol === symbol);
  const prices = etf ? priceSeries(context.db, symbol) : null;
  if (etf && prices) {
    const last = prices.points.at(-1)!;
    const r = oneYearReturn(prices.points, last.date)?.return1y ?? null;
    return {
      embeds: [{ title: `${symbol} — ${etf.name}`, description: `Last close ${last.close.toFixed(2)} on ${last.date}\n1-year ${prices.adjusted ? 'total' : 'price'} return ${formatSignedPct(r)}`, footer: { text: `Prices as of ${prices.snapshot.asOf ?? last.date}` } }],
    };
  }
  const suggestions = closeMatches(listings(universe), symbol).map((l) => `\`${l.symbol}\` ${l.name}`);
  return {
    ephemeral: true,
    content: `No ${symbol} in the cached ${universe?.fund ?? 'IWM'} holdings or ETFs.${suggestions.length ? ` Did you mean:\n${suggestions.join('\n')}` : ''}`,
  };
}

export async function autocomplete(request: AutocompleteRequest, context: CommandContext) {
  return autocompleteListings(listings(loadUniverse(context.db)), request.focused.value).map((l) => ({
    name: `${l.symbol} — ${l.name}`.slice(0, 100),
    value: l.symbol,
  }));
}
