// `zombie compare [funds...] [--json]`: the funds side by side (default IWM vs IJR vs IVV, whichever are kept), as
// /zombie compare shows them, or the JSON contract of the README.
import type { Command } from 'commander';
import { compareJson } from '../metrics/compare.js';
import { compareEmbed } from '../render/compare.js';
import { replyToText } from '../render/text.js';
import { chooseFunds, loadComparison } from '../universe/compare.js';
import type { CliApp } from './app.js';

export function registerCompareCli(program: Command, app: CliApp): void {
  program
    .command('compare')
    .description('funds side by side (default IWM vs IJR vs IVV): health, income, valuation, size, ETF returns, overlap, the earnings rule')
    .argument('[funds...]', 'kept funds to compare, e.g. IWM IJR IJH IVV')
    .option('--json', 'machine-readable JSON: {funds: [...], overlap, earningsRuleRemoves} (keys documented in the README)')
    .action((funds: string[], options: { json?: boolean }) => {
      const choice = chooseFunds(app.db(), funds.join(' '));
      if ('problem' in choice) throw new Error(choice.problem.replace(/`/g, '"'));
      const comparison = loadComparison(app.db(), choice.funds);
      app.out(options.json ? JSON.stringify(compareJson(comparison), null, 2) : replyToText({ embeds: [compareEmbed(comparison)] }));
    });
}
