// /zombie compare [funds]: the IWM side by side with the S&P 600 and the other kept funds (default IWM vs IJR vs IVV,
// whichever are kept), with a chart of the headline shares; built once per snapshots version and funds asked.
import { ApplicationCommandOptionType } from 'discord.js';
import type { CommandContext } from '../../src/bot/command.js';
import type { Reply } from '../../src/core/reply.js';
import { drawInProcess } from '../../src/render/charts/task.js';
import { withCharts, withoutCharts } from '../../src/render/charts/specs.js';
import { compareChartSpec, compareEmbed } from '../../src/render/compare.js';
import { holdingsFunds } from '../../src/store/holdings.js';
import { chooseFunds, loadComparison, MAX_COMPARED_FUNDS } from '../../src/universe/compare.js';
import { published } from '../../src/universe/published.js';
import { MAX_CHOICES } from '../../src/universe/symbols.js';

/** /zombie compare's option: the funds, e.g. "IWM IJR IVV" (autocompleted over the kept funds). */
export const FUNDS_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'funds',
  description: `Funds to compare, e.g. "IWM IJR IVV" (default IWM vs IJR vs IVV; at most ${MAX_COMPARED_FUNDS})`,
  autocomplete: true,
  max_length: 100,
} as const;

/**
 * The comparison's reply (an ephemeral note when a fund asked for is not kept): the default comparison is kept for
 * the snapshots version, other choices among the most recently asked (so no choice of funds can pile up replies).
 */
export function compareReply(context: CommandContext, funds?: string): Promise<Reply> {
  const choice = chooseFunds(context.db, funds);
  if ('problem' in choice) return Promise.resolve({ ephemeral: true, content: choice.problem });
  const store = published(context.db);
  const keep = funds === undefined || funds.trim() === '' ? store.once.bind(store) : store.recent.bind(store);
  const reply = (): Promise<Reply> => {
    const comparison = loadComparison(context.db, choice.funds);
    return withCharts(compareEmbed(comparison), [compareChartSpec(comparison)], context.drawChart ?? drawInProcess);
  };
  // Its chart cannot be drawn now (queue full, bot stopping): the comparison without it, not kept.
  return keep(`/zombie compare ${choice.funds.join(' ')}`, reply).catch(withoutCharts);
}

/** Autocomplete for `funds`: what was typed, with its last word completed to each kept fund that starts with it. */
export function fundChoices(context: CommandContext, typed: string): { name: string; value: string }[] {
  const words = typed.toUpperCase().split(/[\s,]+/);
  const last = words.pop() ?? '';
  const before = words.filter((w) => w !== '');
  return holdingsFunds(context.db)
    .filter((fund) => fund.startsWith(last) && !before.includes(fund))
    .slice(0, MAX_CHOICES)
    .map((fund) => [...before, fund].join(' ').slice(0, 100))
    .map((value) => ({ name: value, value }));
}
