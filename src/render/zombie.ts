// The /zombie embeds: the summary and the focused views, built from IndexFigures only.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { SANTA_MONTHS, type Seasonality } from '../metrics/seasonality.js';
import { averageEventPath, EVENT_HALF_WINDOW } from '../metrics/event-study.js';
import type { TrumpTradeResult, WindowResult } from '../metrics/trump-trade.js';
import type { IndexFigures } from '../universe/figures.js';
import { capitalEngagedLines } from './futures.js';
import { rankByPe } from '../metrics/valuation.js';
import { formatCount, formatCoverage, formatNumber, formatPct, formatShare, formatSignedPct, formatUsd, MONTH_NAMES, NA } from './format.js';

export const COLOUR = 0x9b59b6;

export function footer(f: IndexFigures): APIEmbed['footer'] {
  const a = f.asOf;
  const demo = f.demoData ? 'DEMO DATA: member fundamentals and returns are generated, not real · ' : '';
  return {
    text: `${demo}Holdings ${a.holdings ?? NA} (iShares) · fundamentals ${a.fundamentals ?? NA} (SEC EDGAR) · prices ${a.prices ?? NA} · odds ${a.odds ?? NA}${f.trumpTrade ? ` (${f.trumpTrade.series})` : ''}`,
  };
}

const field = (name: string, lines: string[], inline = false): APIEmbedField => ({ name, value: lines.join('\n'), inline });

/** The two BIS zombie lines: the measure over non-financials (financials counted apart), and the narrow one. */
export function zombieLines({ zombies: z, members }: Pick<IndexFigures, 'zombies' | 'members'>): string[] {
  return [
    `BIS zombie firms: ${formatShare(z.count, z.covered)} — ${formatCoverage(z.covered, members)} (${formatCount(z.excluded)} financials excluded)`,
    `BIS zombies ≥ 10 years old (narrow): ${formatShare(z.narrow.count, z.narrow.covered)} — ${formatCoverage(z.narrow.covered, members)}`,
  ];
}

export function healthLines(f: IndexFigures): string[] {
  const z = f.altmanZ;
  return [
    ...zombieLines(f),
    `Negative EPS (TTM): ${formatShare(f.negativeEps.count, f.negativeEps.covered)} — ${formatCoverage(f.negativeEps.covered, f.members)}`,
    `Altman Z < 1.81: ${formatShare(z.distress, z.scored)} — ${formatCoverage(z.scored, f.members)} (${formatCount(z.excluded)} financials/REITs excluded)`,
    `FCF-positive: ${formatShare(f.fcf.positive, f.fcf.covered)}; of those, SBC > 50% of FCF: ${formatShare(f.fcf.sbcOverHalf, f.fcf.sbcCovered)}`,
  ];
}

/** Every kept fund ranked by P/E, most expensive first: "1. IWM P/E 26.3 (…; loss-makers included) · ex losses 17.0 · forward P/E n/a". */
/** Funds the summary's valuation field lists (a field holds 1,024 characters); /zombie valuation lists them all. */
export const SUMMARY_FUNDS = 5;

/** The summary's valuation lines: the SUMMARY_FUNDS most expensive, and how many more /zombie valuation ranks. */
export function summaryValuationLines(f: IndexFigures): string[] {
  const lines = valuationLines(f);
  const more = lines.length - SUMMARY_FUNDS;
  return more > 0 ? [...lines.slice(0, SUMMARY_FUNDS), `… and ${more} more: /zombie valuation`] : lines;
}

export function valuationLines(f: IndexFigures): string[] {
  return rankByPe(f.valuation).map(({ fund, valuation: v, peRank, forwardRank }) => {
    const pe =
      v.pe === null && v.covered > 0 && v.earningsUsd !== null && v.earningsUsd <= 0 ? 'n/a (total earnings are negative)' : formatNumber(v.pe, 1);
    const forward = `forward P/E ${formatNumber(v.forwardPe, 1)}${forwardRank === null ? '' : ` (#${forwardRank}, ${formatCount(v.forwardCovered)} with one)`}`;
    return `${peRank ?? '–'}. ${fund} P/E ${pe} (${formatCoverage(v.covered, v.members)}; loss-makers included) · ex losses ${formatNumber(v.peExLosses, 1)} · ${forward}`;
  });
}

export function returnsLines(f: IndexFigures): string[] {
  const d = f.dispersion;
  return [
    `Median 1-year ${f.returnBasis === 'price return' ? 'return' : 'total return'}: ${formatSignedPct(d.median)} — ${formatCoverage(d.covered, f.members)}`,
    `Down > 50%: ${formatShare(d.downOver50, d.covered)} · up > 100%: ${formatShare(d.upOver100, d.covered)}`,
  ];
}

export function sectorLines(f: IndexFigures, limit: number): string[] {
  return f.sectors.slice(0, limit).map((s) => `${s.sector}: ${formatCount(s.members)} members, avg cap ${formatUsd(s.avgMarketCap)}`);
}

function windowLine(label: string, w: WindowResult): string {
  const range = w.from ? ` (${w.from} → ${w.to})` : '';
  return `${label}: r = ${formatNumber(w.correlation, 2)}, beta ${formatNumber(w.beta, 2)}% per +10 pts, n = ${w.n}${range}`;
}

export function trumpLines(f: IndexFigures, windows: ('30' | '60' | '90' | 'all')[]): string[] {
  const t = f.trumpTrade;
  if (!t) return ['No odds series or IWM prices in the cache yet.'];
  const lines = [`Series: ${t.series}`, ...windows.map((w) => windowLine(`IWM ${w === 'all' ? 'all days' : `${w}d`}`, t.windows[w]))];
  if (t.relative)
    lines.push(...windows.map((w) => windowLine(`IWM/${t.relative!.benchmark} ${w === 'all' ? 'all days' : `${w}d`}`, t.relative!.windows[w])));
  return lines;
}

export function summaryEmbed(f: IndexFigures): APIEmbed {
  return {
    title: `Zombie beta — ${f.fund}: ${formatCount(f.members)} members`,
    color: COLOUR,
    fields: [
      field('Health', healthLines(f)),
      field('Valuation', summaryValuationLines(f)),
      field('Dispersion', returnsLines(f)),
      field('Composition', [...sectorLines(f, 3), `Revenue ≤ $500m: ${formatShare(f.smallRevenue.count, f.smallRevenue.covered)}`]),
      field('Trump trade (IWM vs odds, daily)', trumpLines(f, ['30', 'all'])),
    ],
    footer: footer(f),
  };
}

/** /ticker IWM: the index summary headed by the capital engaged (the fund's net assets and the futures' notional). */
export function fundCardEmbed(f: IndexFigures): APIEmbed {
  const summary = summaryEmbed(f);
  return { ...summary, fields: [field(`Capital engaged (${f.aum.fund} + Russell 2000 futures)`, capitalEngagedLines(f)), ...(summary.fields ?? [])] };
}

export function healthEmbed(f: IndexFigures): APIEmbed {
  const z = f.altmanZ;
  return {
    title: `${f.fund} health`,
    color: COLOUR,
    description: healthLines(f).join('\n'),
    fields: [
      field('Altman Z zones (non-financials)', [
        `Distress < 1.81: ${formatShare(z.distress, z.scored)}`,
        `Grey: ${formatShare(z.grey, z.scored)}`,
        `Safe > 2.99: ${formatShare(z.safe, z.scored)}`,
      ]),
      field('Size and income', [
        `Revenue ≤ $500m: ${formatShare(f.smallRevenue.count, f.smallRevenue.covered)}`,
        `Weighted dividend yield ${formatPct(f.dividends.indexYield, 2)}; ${formatShare(f.dividends.above, f.dividends.covered)} yield more`,
      ]),
    ],
    footer: footer(f),
  };
}

export function valuationEmbed(f: IndexFigures): APIEmbed {
  return {
    title: `${f.fund} valuation`,
    color: COLOUR,
    description: [
      'Every kept fund ranked by P/E, most expensive first (#n: rank by forward P/E where a screener column gives it):',
      ...valuationLines(f),
      'Index P/E = total market cap ÷ total TTM earnings (the weighted harmonic mean); ex losses = the same without the loss-makers. `/zombie compare` sets the funds side by side.',
    ].join('\n'),
    footer: footer(f),
  };
}

export function returnsEmbed(f: IndexFigures): APIEmbed {
  const list = (items: { ticker: string; return1y: number }[]) => items.map((r) => `${r.ticker} ${formatSignedPct(r.return1y)}`).join(', ') || NA;
  return {
    title: `${f.fund} 1-year returns`,
    color: COLOUR,
    description: returnsLines(f).join('\n'),
    fields: [field('Best five', [list(f.dispersion.top5)]), field('Worst five', [list(f.dispersion.bottom5)])],
    footer: footer(f),
  };
}

export function sectorsEmbed(f: IndexFigures): APIEmbed {
  return { title: `${f.fund} by sector`, color: COLOUR, description: sectorLines(f, 25).join('\n'), footer: footer(f) };
}

/** How many of the largest odds moves the embed lists (the JSON has them all). */
const EVENTS_SHOWN = 8;

/** A cumulative log move as a percentage change: e^x − 1. */
const logPct = (x: number | null | undefined) => formatSignedPct(x === null || x === undefined ? null : Math.expm1(x));

/** The day's own move (offset D against D−1) and the whole D−5..D+5 window, from the 11 cumulative log moves. */
function eventMoves(path: readonly (number | null)[]): string {
  const [before, on, end] = [path[EVENT_HALF_WINDOW - 1], path[EVENT_HALF_WINDOW], path[2 * EVENT_HALF_WINDOW]];
  const day = before === null || before === undefined || on === null || on === undefined ? null : on - before;
  return `${logPct(day)} on D, ${logPct(end)} D−5→D+5`;
}

export function trumpEventLines(t: TrumpTradeResult): string[] {
  if (t.events.length === 0) return ['No odds moves to study (ODDS_EVENT_COUNT is 0, or fewer than two days of odds).'];
  const benchmark = t.relative?.benchmark ?? 'SPY';
  const lines = t.events
    .slice(0, EVENTS_SHOWN)
    .map(
      (e) => `${e.date} ${e.change > 0 ? '+' : ''}${formatNumber(e.change, 1)} pts: IWM ${eventMoves(e.iwm)}; vs ${benchmark} ${eventMoves(e.rel)}`,
    );
  if (t.events.length > EVENTS_SHOWN) lines.push(`… and ${t.events.length - EVENTS_SHOWN} more (zombie metrics --json)`);
  const iwm = averageEventPath(t.events, 'iwm');
  const rel = averageEventPath(t.events, 'rel');
  lines.push(`Average per jump toward the outcome (falls negated): IWM ${eventMoves(iwm)}; vs ${benchmark} ${eventMoves(rel)}`);
  return lines;
}

export function trumpEmbed(f: IndexFigures): APIEmbed {
  const t = f.trumpTrade;
  const description = `${trumpLines(f, ['30', '60', '90', 'all']).join('\n')}\nOdds on day D = last observation at or before 21:00 UTC; pairs are daily log returns vs odds changes in points.`;
  if (!t) return { title: `${f.fund} and the election odds`, color: COLOUR, description, footer: footer(f) };
  const all = t.windows.all;
  return {
    title: `${f.fund} and the election odds`,
    color: COLOUR,
    description,
    fields: [
      field('Levels vs changes', [
        `Level r (close vs odds, same days) = ${formatNumber(all.levelCorrelation, 2)} against change r = ${formatNumber(all.correlation, 2)}, n = ${all.n}.`,
        'Levels mislead: IWM and the odds both trended, and two trending series correlate whether or not they move together day to day; the change correlation is the test.',
      ]),
      field('Lead/lag (IWM move on D vs odds change on …)', [
        `D−1 (odds lead): r = ${formatNumber(t.leadLag['-1'], 2)} · D: r = ${formatNumber(t.leadLag['0'], 2)} · D+1 (odds lag): r = ${formatNumber(t.leadLag['1'], 2)}`,
      ]),
      field(`Largest daily odds moves (top ${t.events.length})`, trumpEventLines(t)),
    ],
    footer: footer(f),
  };
}

export function seasonalityLines(s: Seasonality, currentMonth: number): string[] {
  const cell = (text: string, width: number) => text.padStart(width);
  const rows = s.months.map((m) => {
    const marks = [m.month === currentMonth ? '◀ now' : '', SANTA_MONTHS.includes(m.month) ? 'Santa' : ''].filter(Boolean).join(' ');
    return `${MONTH_NAMES[m.month - 1]} ${cell(String(m.n), 3)} ${cell(formatSignedPct(m.iwmMean), 7)} ${cell(formatPct(m.iwmHitRate, 0), 5)} ${cell(formatSignedPct(m.relMean), 7)} ${marks}`.trimEnd();
  });
  return ['```', 'Mon   n    mean   hit  vs SPY', ...rows, '```'];
}

export function seasonalityEmbed(f: IndexFigures, now: Date): APIEmbed {
  const s = f.seasonality;
  if (!s || s.from === null)
    return {
      title: `${f.fund} seasonality`,
      color: COLOUR,
      description: `No complete months of ${f.fund} prices in the cache yet.`,
      footer: footer(f),
    };
  const currentMonth = now.getUTCMonth() + 1;
  const santa = s.months.filter((m) => SANTA_MONTHS.includes(m.month));
  const santaLine = santa
    .map(
      (m) =>
        `${MONTH_NAMES[m.month - 1]} ${formatSignedPct(m.iwmMean)} (up ${formatPct(m.iwmHitRate, 0)} of ${m.n} years, ${formatSignedPct(m.relMean)} vs SPY)`,
    )
    .join(' · ');
  return {
    title: `${f.fund} seasonality: calendar months ${s.from} → ${s.to}`,
    color: COLOUR,
    description: [
      ...seasonalityLines(s, currentMonth),
      `Santa window: ${santaLine}`,
      `Monthly ${f.returnBasis} = last close of the month ÷ last close of the month before − 1; only complete months with both closes; hit = share of up months; vs SPY = mean of IWM − SPY monthly returns.`,
    ].join('\n'),
    footer: footer(f),
  };
}
