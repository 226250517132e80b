// The /zombie evictions and /zombie trend embeds, built from IndexFigures and the history figures only.
import type { APIEmbed } from 'discord.js';
import type { Evictions } from '../metrics/evictions.js';
import type { IndexFigures } from '../universe/figures.js';
import { NA, formatCount, formatSignedPct, formatUsd } from './format.js';
import { COLOUR, footer } from './zombie.js';

/** Moved-up names listed with their gains. */
export const TOP_MOVED_UP = 10;

export const NO_EVICTIONS =
  'Evictions need two membership lists: an earlier IWM holdings file (`zombie ingest holdings FILE`) or a dated ' +
  'screener or index-constituents export (`zombie ingest screen FILE --as-of YYYY-MM-DD`), and for moved-up vs ' +
  'dropped a later IWB or IWV holdings file.';

/** "324 of 1,783 left: 43 moved up (median gain +29.6%), 281 dropped out of the Russell 3000". */
export function evictionLines(e: Evictions): string[] {
  const movedUp =
    e.movedUp.count === null
      ? 'moved up / dropped n/a (no later IWB or IWV holdings kept)'
      : `${formatCount(e.movedUp.count)} moved up to the Russell 1000 (median gain ${formatSignedPct(e.movedUp.medianReturn)}), ${formatCount(e.dropped.count)} dropped out of the Russell 3000`;
  return [
    `${formatCount(e.left)} of ${formatCount(e.previous)} members left: ${movedUp}`,
    `${formatCount(e.joined.count)} joined; median market cap of the joiners ${formatUsd(e.joined.medianMarketCap)}`,
  ];
}

export function evictionsEmbed(f: IndexFigures): APIEmbed {
  const e = f.evictions;
  if (!e) return { title: `${f.fund} evictions`, color: COLOUR, description: NO_EVICTIONS, footer: footer(f) };
  const priced = e.movedUp.members.filter((m) => m.return !== null).length;
  const top = e.movedUp.members.slice(0, TOP_MOVED_UP).map((m) => `${m.ticker} ${m.name}: ${formatSignedPct(m.return)}`);
  return {
    title: `${f.fund} evictions: ${e.from} → ${e.to}`,
    color: COLOUR,
    description: evictionLines(e).join('\n'),
    fields: [
      { name: `Top ${TOP_MOVED_UP} moved up (gain between the lists)`, value: top.join('\n') || NA },
      {
        name: 'How',
        value:
          `Moved up = in the later IWB or IWV holdings and not in the later ${f.fund} list; dropped = in neither. ` +
          `Gain = price in the later file ÷ price in the earlier list − 1 (cached closes where kept); ${formatCount(priced)} of ${formatCount(e.movedUp.members.length)} priced.`,
      },
    ],
    footer: footer(f),
  };
}
