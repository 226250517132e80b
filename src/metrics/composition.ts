// Composition: members and average market cap per sector.
import { compareText, sum } from './stats.js';

/** The label for members whose holdings row has no sector. */
export const UNKNOWN_SECTOR = 'Unknown';

export interface SectorFigures {
  sector: string;
  members: number;
  /** Mean market cap over the sector's members with one; null when none has one. */
  avgMarketCap: number | null;
  /** Members with a market cap. */
  marketCapCovered: number;
}

/** Members and average market cap per sector, largest sectors (by members) first, ties by sector name. */
export function sectorComposition(members: readonly { sector: string | null; marketCapUsd: number | null }[]): SectorFigures[] {
  const bySector = new Map<string, (number | null)[]>();
  for (const m of members) {
    const sector = m.sector ?? UNKNOWN_SECTOR;
    const caps = bySector.get(sector) ?? [];
    caps.push(m.marketCapUsd);
    bySector.set(sector, caps);
  }
  return [...bySector.entries()]
    .map(([sector, caps]) => {
      const known = caps.filter((c): c is number => c !== null);
      return { sector, members: caps.length, avgMarketCap: known.length > 0 ? sum(known) / known.length : null, marketCapCovered: known.length };
    })
    .sort((a, b) => b.members - a.members || compareText(a.sector, b.sector));
}
