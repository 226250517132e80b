// The /zombie evictions and /zombie trend embeds, built from IndexFigures and the history figures only.
import type { APIEmbed } from 'discord.js';
import type { Evictions } from '../metrics/evictions.js';
import type { FiscalYearShares } from '../metrics/trends.js';
import type { History, HistorySnapshot } from '../universe/history.js';
import type { IndexFigures } from '../universe/figures.js';
import { plural } from '../core/text.js';
import { NA, formatCount, formatPct, formatSignedPct, formatUsd } from './format.js';
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

/** Snapshots listed in the embed (newest last); `zombie history --json` has them all. */
export const LISTED_SNAPSHOTS = 8;

/** "2024-07-11 (1,988 members): negative EPS 41.2% · distress 20.1% · BIS zombies 9.9% · FCF+ 60.2% · SBC > ½ FCF 31.0% · revenue ≤ $500m 55.0%". */
export function snapshotLine(s: HistorySnapshot): string {
  return (
    `${s.asOf} (${formatCount(s.members)} members): negative EPS ${formatPct(s.negativeEpsShare)} · distress ${formatPct(s.distressShare)} · ` +
    `BIS zombies ${formatPct(s.zombieShare)} · FCF+ ${formatPct(s.fcfPositiveShare)} · SBC > ½ FCF ${formatPct(s.sbcOverHalfShare)} · revenue ≤ $500m ${formatPct(s.smallRevenueShare)}`
  );
}

/** "FY2023: negative EPS 38.0% of 1,850 reporting · BIS zombies 9.0%". */
export function fiscalYearLine(y: FiscalYearShares): string {
  return `FY${y.fy}: negative EPS ${formatPct(y.negativeEpsShare)} of ${formatCount(y.covered)} reporting · BIS zombies ${formatPct(y.zombieShare)}`;
}

export function trendEmbed(f: IndexFigures, history: History): APIEmbed {
  const listed = history.snapshots.slice(-LISTED_SNAPSHOTS);
  const earlier = history.snapshots.length - listed.length;
  return {
    title: `${f.fund} trends`,
    color: COLOUR,
    description: [
      `Headline shares of the ${plural(history.snapshots.length, 'kept holdings snapshot')}, each as of its date (shares of members with data):`,
      ...listed.map(snapshotLine),
      ...(earlier > 0 ? [`(${formatCount(earlier)} earlier snapshots: zombie history --json)`] : []),
    ].join('\n'),
    fields: [
      {
        name: "By fiscal year: today's members only (survivors only)",
        value: history.fiscalYears.map(fiscalYearLine).join('\n') || NA,
      },
    ],
    footer: footer(f),
  };
}
