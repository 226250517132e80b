// The digest's embed and chart: the same /zombie summary and /zombie trump chart members see.
import type { APIEmbed } from 'discord.js';
import type { Config } from '../config.js';
import { summaryEmbed } from '../render/zombie.js';
import type { Db } from '../store/db.js';
import { indexFigures } from '../universe/figures.js';
import { drawChart } from '../render/charts/task.js';
import { trumpChartSpec } from '../render/charts/specs.js';
import { trumpChartSeries } from '../universe/chart-series.js';
import { loadUniverse } from '../universe/load.js';

function figuresFromCache(db: Db, config: Config) {
  const universe = loadUniverse(db);
  if (!universe) throw new Error('no IWM holdings in the cache: run "zombie ingest all"');
  return indexFigures(db, config, universe);
}

export function summaryFromCache(db: Db, config: Config): APIEmbed {
  return summaryEmbed(figuresFromCache(db, config));
}

/** The digest's chart: IWM against the election odds, as /zombie trump draws it. */
export function trumpChartFromCache(db: Db, config: Config): Buffer {
  return drawChart(trumpChartSpec(trumpChartSeries(db, config), figuresFromCache(db, config)).task);
}
