// The /zombie compare embed and chart: each fund's figures with their coverage in a field of its own, the ETFs'
// returns, what the S&P earnings rule removes from the IWM and the IWM ∩ IJR overlap; built from a Comparison only.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Comparison, EarningsRuleRemoves, FundComparison, Overlap } from '../metrics/compare.js';
import type { ComparedReturns } from '../metrics/fund-returns.js';
import type { ChartSpec } from './charts/specs.js';
import { formatCount, formatNumber, formatPct, formatSignedPct, formatUsd, NA } from './format.js';
import { COLOUR } from './zombie.js';
import { plural } from '../core/text.js';

/** "43.4% of 1,981": a share with the members it is taken over; "n/a" when none has the data. */
export function pctOf(count: number, covered: number): string {
  return covered > 0 ? `${formatPct(count / covered)} of ${formatCount(covered)}` : `${NA} (no data)`;
}

/** "26.3 (1,981)": a ratio with the members it is computed over. */
const ratioOver = (value: number | null, covered: number) => `${formatNumber(value, 1)} (${formatCount(covered)})`;

/** One fund's figures, each with its coverage (the members with the data). */
export function fundLines(f: FundComparison, returns: ComparedReturns): string[] {
  const v = f.valuation;
  const r = returns.byFund[f.fund];
  return [
    `Negative EPS: ${pctOf(f.negativeEps.count, f.negativeEps.covered)}`,
    `Altman Z < 1.81: ${pctOf(f.altmanZ.distress, f.altmanZ.scored)} (${formatCount(f.altmanZ.excluded)} fin./REITs out)`,
    `BIS zombies: ${pctOf(f.zombies.count, f.zombies.covered)} (${formatCount(f.zombies.excluded)} financials out)`,
    `… ≥ 10 years old: ${pctOf(f.zombies.narrow.count, f.zombies.narrow.covered)}`,
    `FCF-positive: ${pctOf(f.fcf.positive, f.fcf.covered)}`,
    `… SBC > ½ FCF: ${pctOf(f.fcf.sbcOverHalf, f.fcf.sbcCovered)}`,
    `Revenue ≤ $500m: ${pctOf(f.smallRevenue.count, f.smallRevenue.covered)}`,
    `Dividend yield: ${formatPct(f.dividends.indexYield, 2)} (${formatCount(f.dividends.covered)})`,
    `P/E: ${ratioOver(v.pe, v.covered)} · ex losses ${ratioOver(v.peExLosses, v.profitableCovered)}`,
    `Forward P/E: ${v.forwardCovered > 0 ? ratioOver(v.forwardPe, v.forwardCovered) : `${NA} (no screener column)`}`,
    `Median market cap: ${formatUsd(f.marketCap.median)} (${formatCount(f.marketCap.covered)})`,
    r ? `Returns 1/3/5/10y: ${(['1y', '3y', '5y', '10y'] as const).map((k) => formatSignedPct(r[k])).join(' / ')}` : `Returns: ${NA} (no ETF prices)`,
  ];
}

/** "IWM members outside the S&P 600 and 400 with negative EPS: 512 (18.3% of IWM's weight) …". */
export function earningsRuleLines(e: EarningsRuleRemoves): string[] {
  const h = e.health;
  return [
    `${formatCount(e.outside.count)} IWM members are in neither ${e.lists.join(' nor ')} (${formatPct(e.outside.weight)} of IWM's weight); ` +
      `${pctOf(e.negativeEps.count, e.negativeEps.covered)} of those with an EPS lose money.`,
    `Removed: ${e.count === null ? 'n/a (no EPS for those members)' : plural(e.count, 'member')}, ${formatPct(e.weight)} of IWM's weight. Their health: Altman distress ` +
      `${pctOf(h.altmanZ.distress, h.altmanZ.scored)} · BIS zombies ${pctOf(h.zombies.count, h.zombies.covered)} · ` +
      `FCF-positive ${pctOf(h.fcf.positive, h.fcf.covered)} · revenue ≤ $500m ${pctOf(h.smallRevenue.count, h.smallRevenue.covered)}`,
  ];
}

/** "IWM and IJR share 412 members: 21.0% of IWM's weight, 63.5% of IJR's". */
export function overlapLine(o: Overlap): string {
  const [a, b] = o.funds;
  return `${a} and ${b} share ${formatCount(o.count)} members (by ticker): ${formatPct(o.weight[a])} of ${a}'s weight, ${formatPct(o.weight[b])} of ${b}'s.`;
}

/** "Price returns to 2026-05-01 (3, 5, 10 years: annualised)". */
export function returnsNote(r: ComparedReturns): string {
  return r.to === null
    ? 'Returns: no ETF prices in the cache.'
    : `Returns: ${r.basis}s of the ETFs to ${r.to}, the last day every compared ETF has a close; 3, 5 and 10 years annualised.`;
}

const field = (name: string, lines: string[], inline = false): APIEmbedField => ({ name, value: lines.join('\n'), inline });

export function compareEmbed(c: Comparison): APIEmbed {
  const names = c.funds.map((f) => f.fund);
  const fields = c.funds.map((f) => field(`${f.fund} · ${formatCount(f.members)} members`, fundLines(f, c.returns), true));
  if (c.earningsRuleRemoves) fields.push(field('What the S&P earnings rule removes from the IWM', earningsRuleLines(c.earningsRuleRemoves)));
  if (c.overlap) fields.push(field('Overlap', [overlapLine(c.overlap)]));
  fields.push(
    field('How', [
      '(n) and "of n" = the members with the data. Shares as /zombie health counts them; P/E = Σ market cap ÷ Σ TTM earnings, ex losses without the loss-makers.',
      returnsNote(c.returns),
    ]),
  );
  const asOf = c.funds.map((f) => `${f.fund} ${f.asOf ?? NA}`).join(' · ');
  return {
    title: names.join(' vs '),
    color: COLOUR,
    fields,
    footer: {
      text: `${c.demoData ? 'DEMO DATA: member fundamentals are generated, not real · ' : ''}Holdings (iShares) as of ${asOf} · fundamentals SEC EDGAR · prices to ${c.returns.to ?? NA}`,
    },
  };
}

/** The headline shares the chart sets side by side, as its x-axis names them. */
const CHART_FIGURES: [label: string, share: (f: FundComparison) => [count: number, covered: number]][] = [
  ['Negative\nEPS', (f) => [f.negativeEps.count, f.negativeEps.covered]],
  ['Altman\ndistress', (f) => [f.altmanZ.distress, f.altmanZ.scored]],
  ['BIS\nzombies', (f) => [f.zombies.count, f.zombies.covered]],
  ['FCF-\npositive', (f) => [f.fcf.positive, f.fcf.covered]],
  ['SBC >\n½ FCF', (f) => [f.fcf.sbcOverHalf, f.fcf.sbcCovered]],
  ['Revenue\n≤ $500m', (f) => [f.smallRevenue.count, f.smallRevenue.covered]],
];

export function compareChartSpec(c: Comparison): ChartSpec {
  const funds = c.funds.map((f) => ({
    fund: f.fund,
    shares: CHART_FIGURES.map(([, of]) => {
      const [count, covered] = of(f);
      return covered > 0 ? count / covered : null;
    }),
  }));
  const asOf = c.funds.map((f) => `${f.fund} ${f.asOf ?? NA}`).join(', ');
  const input = {
    figures: CHART_FIGURES.map(([label]) => label),
    funds,
    subtitle: 'Share of the members with the data',
    caption: `iShares holdings (${asOf}); SEC EDGAR fundamentals${c.demoData ? ' · demo data: member fundamentals are generated' : ''}`,
  };
  return { name: 'compare.png', description: `${c.funds.map((f) => f.fund).join(' vs ')}: headline shares`, task: { chart: 'compare', input } };
}
