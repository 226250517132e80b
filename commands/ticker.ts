// /ticker: an ETF's aggregate card (IWM, SPY, QQQ) or one member's card with its zombie flags.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandContext } from '../src/bot/command.js';
import type { Reply } from '../src/core/reply.js';
import { readInvocation } from '../src/core/invocation.js';
import type { AutocompleteRequest, CommandRequest } from '../src/core/request.js';
import { computeTickerCard } from '../src/metrics/ticker-card.js';
import { formatSignedPct } from '../src/render/format.js';
import { tickerEmbed } from '../src/render/ticker.js';
import { fundCardEmbed } from '../src/render/zombie.js';
import { oneYearReturn } from '../src/metrics/returns.js';
import { priceSeries } from '../src/store/prices.js';
import { drawInProcess, type DrawChart } from '../src/render/charts/task.js';
import { tickerChartSpec, withCharts, withoutCharts } from '../src/render/charts/specs.js';
import { normaliseSymbol } from '../src/core/ticker.js';
import { truncate } from '../src/core/text.js';
import { tickerChartSeries } from '../src/universe/chart-series.js';
import type { Universe } from '../src/universe/load.js';
import { published, publishedIndex } from '../src/universe/published.js';
import { autocompleteListings, closeMatches, type Listing } from '../src/universe/symbols.js';

export const ETFS: Listing[] = [
  { symbol: 'IWM', name: 'iShares Russell 2000 ETF' },
  { symbol: 'SPY', name: 'SPDR S&P 500 ETF' },
  { symbol: 'QQQ', name: 'Invesco QQQ (Nasdaq-100)' },
];

export const data = {
  name: 'ticker',
  description: "An ETF's aggregate card (IWM, SPY, QQQ) or a Russell 2000 member's card",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'symbol',
      description: 'e.g. IWM or a member ticker',
      required: true,
      autocomplete: true,
      max_length: 100,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

function listings(universe: Universe | null): Listing[] {
  return [...ETFS, ...(universe?.members.map((m) => ({ symbol: m.ticker, name: m.name })) ?? [])];
}

export async function execute(request: CommandRequest, context: CommandContext): Promise<Reply> {
  const call = readInvocation(data, request);
  if ('problem' in call) return { ephemeral: true, content: call.problem };
  const symbol = normaliseSymbol(call.options.symbol);
  if (!symbol) return { ephemeral: true, content: 'That is not a ticker symbol: use 1–10 letters or digits, like `IWM` or `INSM`.' };
  // When the chart queue is full the member still gets the card now, without its chart (not kept, so the next
  // request draws it).
  return published(context.db)
    .recent(`/ticker ${symbol}`, () => tickerReply(symbol, context, context.drawChart ?? drawInProcess))
    .catch(withoutCharts);
}

export const CHART_SKIPPED = 'Chart skipped while the bot is busy: ask again in a moment to see it.';

/** The card of a symbol for the current snapshots (kept among the recently asked symbols); ChartsSkipped when a
 * member card's chart cannot be drawn now. */
async function tickerReply(symbol: string, context: CommandContext, draw: DrawChart): Promise<Reply> {
  const index = await publishedIndex(context.db, context.config);
  const universe = index?.universe ?? null;
  if (symbol === 'IWM' && index) return { embeds: [fundCardEmbed(index.figures)] };
  const member = universe?.members.find((m) => m.ticker === symbol);
  if (member && universe) {
    const embed = tickerEmbed(computeTickerCard(member, universe.members), universe.fund, universe.asOfDate);
    return withCharts(embed, [tickerChartSpec(tickerChartSeries(context.db, universe, member.ticker, member.demo))], draw, CHART_SKIPPED);
  }
  const etf = ETFS.find((e) => e.symbol === symbol);
  const prices = etf ? priceSeries(context.db, symbol) : null;
  if (etf && prices) {
    const last = prices.points.at(-1)!;
    const r = oneYearReturn(prices.points, last.date)?.return1y ?? null;
    return {
      embeds: [
        {
          title: `${symbol} — ${etf.name}`,
          description: `Last close ${last.close.toFixed(2)} on ${last.date}\n1-year ${prices.adjusted ? 'total' : 'price'} return ${formatSignedPct(r)}`,
          footer: { text: `Prices as of ${prices.snapshot.asOf ?? last.date}` },
        },
      ],
    };
  }
  const suggestions = closeMatches(await publishedListings(context), symbol).map((l) => `\`${l.symbol}\` ${l.name}`);
  return {
    ephemeral: true,
    content: `No ${symbol} in the cached ${universe?.fund ?? 'IWM'} holdings or ETFs.${suggestions.length ? ` Did you mean:\n${suggestions.join('\n')}` : ''}`,
  };
}

/** What /ticker offers and suggests: the ETFs and the members, once per snapshots version. */
function publishedListings(context: CommandContext): Promise<Listing[]> {
  return published(context.db).once('/ticker listings', async () => listings((await publishedIndex(context.db, context.config))?.universe ?? null));
}

export async function prepare(context: CommandContext): Promise<void> {
  await publishedListings(context);
}

export async function autocomplete(request: AutocompleteRequest, context: CommandContext) {
  return autocompleteListings(await publishedListings(context), request.focused.value).map((l) => ({
    name: truncate(`${l.symbol} — ${l.name}`, 100),
    value: l.symbol,
  }));
}
