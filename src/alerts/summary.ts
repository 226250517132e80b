// The digest's main embed: the same /zombie summary members see.
import type { APIEmbed } from 'discord.js';
import type { Config } from '../config.js';
import { summaryEmbed } from '../render/zombie.js';
import type { Db } from '../store/db.js';
import { indexFigures } from '../universe/figures.js';
import { loadUniverse } from '../universe/load.js';

export function summaryFromCache(db: Db, config: Config): APIEmbed {
  const universe = loadUniverse(db);
  if (!universe) throw new Error('no IWM holdings in the cache: run "zombie ingest all"');
  return summaryEmbed(indexFigures(db, config, universe));
}
