// `zombie positioning`: the Russell 2000 futures positioning (CFTC COT) as /zombie positioning shows it, or as JSON
// with the weekly series.
import type { Command } from 'commander';
import { netOf, positioning } from '../metrics/positioning.js';
import { positioningEmbed } from '../render/futures.js';
import { replyToText } from '../render/text.js';
import { futuresFigures, positioningWeeks, sinceProblem } from '../universe/futures.js';
import { loadUniverse } from '../universe/load.js';
import { indexFigures } from '../universe/figures.js';
import { isoDate, type CliApp } from './app.js';

export function registerPositioningCli(program: Command, app: CliApp): void {
  program
    .command('positioning')
    .description("leveraged funds' and asset managers' net Russell 2000 futures (CFTC COT): nets, share of open interest, percentiles, changes")
    .option('--json', 'machine-readable JSON (keys documented in the README), with the weekly series')
    .option('--since <date>', 'also the change since the report on or before this date (YYYY-MM-DD), e.g. 2024-11-05')
    .option('--as-of <date>', 'as of an earlier date: the newest report on or before it')
    .action((options: { json?: boolean; since?: string; asOf?: string }) => {
      const db = app.db();
      const asOf = options.asOf === undefined ? undefined : isoDate(options.asOf, '--as-of');
      const weeks = positioningWeeks(db, asOf);
      const problem = options.since === undefined ? null : sinceProblem(weeks, options.since);
      if (problem !== null) throw new Error(problem.replace('`since`', '--since'));
      // The capital engaged as of the same date: the IWM holdings and COT reports on or before it.
      const universe = loadUniverse(db, 'IWM', asOf);
      const base = universe
        ? indexFigures(db, app.config, universe)
        : { ...futuresFigures(db, { fund: 'IWM', netAssets: null, asOf: null }, asOf === undefined ? {} : { asOf }), demoData: false };
      const figures = { capitalEngaged: base.capitalEngaged, demoData: base.demoData, positioning: positioning(weeks, { since: options.since }) };
      if (!figures.positioning) {
        const when = asOf === undefined ? '' : ` on or before ${asOf}`;
        // Legacy weeks value the open interest (capital engaged) but have no leveraged-fund or asset-manager split.
        throw new Error(
          figures.capitalEngaged.futures.length > 0
            ? `no Traders in Financial Futures (TFF) report week in the cache${when}: positioning needs one (FinFutYY.txt, or "zombie ingest cot" from the API); the legacy report weeks kept give open interest only`
            : `no COT report weeks in the cache${when}: run "zombie ingest cot" first`,
        );
      }
      if (!options.json) {
        app.out(replyToText({ embeds: [positioningEmbed(figures)] }));
        return;
      }
      const series = weeks.map((w) => ({
        reportDate: w.reportDate,
        code: w.codes.join('+'),
        openInterest: w.openInterest,
        leveragedNet: netOf(w, 'leveraged'),
        assetManagersNet: netOf(w, 'assetManagers'),
      }));
      app.out(JSON.stringify({ ...figures.positioning, series }, null, 2));
    });
}
