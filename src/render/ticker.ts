// The /ticker cards: one member's figures with its flags and percentiles, or an ETF's aggregate card.
import type { APIEmbed } from 'discord.js';
import type { PercentileKey, TickerCard } from '../metrics/ticker-card.js';
import { formatNumber, formatPct, formatSignedPct, formatUsd, NA } from './format.js';
import { COLOUR } from './zombie.js';

const FLAG_LABELS: Record<string, string> = {
  negativeEps: 'negative EPS',
  altmanDistress: 'Altman distress zone',
  bisZombie: 'BIS zombie (coverage < 1 three years running)',
  sbcOverHalfFcf: 'SBC > 50% of FCF',
  negativeFcf: 'negative FCF',
  smallRevenue: 'revenue ≤ $500m',
  down50: 'down > 50% in a year',
};

const pctile = (card: TickerCard, key: PercentileKey) => {
  const p = card.percentiles[key];
  return p === null || p === undefined ? '' : ` (p${Math.round(p * 100)})`;
};

/** A market cap taken from a screener export is dated by that export, not by the holdings: " (screener, 2023-11-30)". */
const screenerDate = (card: TickerCard) =>
  card.marketCapSource === 'screener' ? ` (screener, ${card.marketCapAsOf === null ? 'undated' : `as of ${card.marketCapAsOf}`})` : '';

export function tickerEmbed(card: TickerCard, fund: string, asOf: string | null): APIEmbed {
  const z = card.altmanZ === null ? NA : `${formatNumber(card.altmanZ)} (${card.zone})`;
  const zpp = card.altmanZDoublePrime === null ? NA : `${formatNumber(card.altmanZDoublePrime)} (${card.zoneDoublePrime})`;
  const flagLines = card.flags.map((flag) => `• ${FLAG_LABELS[flag] ?? flag}`);
  if (card.bisExcluded) flagLines.push('(BIS zombie test: not for financials)');
  const flags = flagLines.join('\n') || 'none';
  return {
    title: `${card.symbol} — ${card.name}`,
    color: COLOUR,
    description: `${card.sector ?? 'Sector n/a'} · ${formatPct(card.weight, 3)} of ${fund}`,
    fields: [
      {
        name: 'Size',
        value: `Market cap ${formatUsd(card.marketCap)}${screenerDate(card)}${pctile(card, 'marketCap')}\nRevenue (TTM) ${formatUsd(card.revenue)}${pctile(card, 'revenue')}`,
        inline: true,
      },
      {
        name: 'Returns and income',
        value: `1-year ${formatSignedPct(card.return1y)}${pctile(card, 'return1y')}\nYield ${formatPct(card.dividendYield, 2)}${pctile(card, 'dividendYield')}`,
        inline: true,
      },
      {
        name: 'Earnings',
        value: `Diluted EPS (TTM) ${formatNumber(card.epsDiluted)}${pctile(card, 'epsDiluted')}\nInterest coverage ${formatNumber(card.interestCoverage, 1)}${pctile(card, 'interestCoverage')}`,
        inline: true,
      },
      {
        name: 'Cash',
        value: `FCF ${formatUsd(card.fcf)}${pctile(card, 'fcf')}\nSBC ${formatUsd(card.sbc)} · SBC/FCF ${formatPct(card.sbcToFcf)}`,
        inline: true,
      },
      { name: 'Distress', value: `Altman Z ${z}${pctile(card, 'altmanZ')}\nZ″ (non-manufacturers) ${zpp}`, inline: true },
      { name: 'Zombie flags', value: flags },
    ],
    footer: {
      text: `${card.demoData ? 'DEMO DATA: figures are generated, not real · ' : ''}Holdings ${asOf ?? NA} (iShares) · fundamentals SEC EDGAR · pN = percentile within ${fund}`,
    },
  };
}
