// `zombie render "/zombie summary"` runs the same handler the bot runs and prints the reply as text (or, with
// --json, the exact interaction response Discord would receive); `zombie metrics` prints every index figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadCommands } from '../bot/commands.js';
import { invokeCommand } from '../bot/command.js';
import type { AlertsCommandContext } from '../../commands/alerts/definition.js';
import { interactionResponsePayload } from '../render/payload.js';
import { computeTickerCard } from '../metrics/ticker-card.js';
import { replyToText } from '../render/text.js';
import { tickerEmbed } from '../render/ticker.js';
import { pathInside } from '../core/file-name.js';
import type { ReplyFile } from '../core/reply.js';
import { quoted } from '../core/text.js';
import { normaliseSymbol } from '../core/ticker.js';
import { healthEmbed, returnsEmbed, summaryEmbed, trumpEmbed } from '../render/zombie.js';
import { oddsSeriesNames } from '../store/odds.js';
import { indexFigures } from '../universe/figures.js';
import { loadUniverse } from '../universe/load.js';
import { isoDate, type CliApp } from './app.js';
import { parseCommandLine } from './command-line.js';

/** Writes a reply's attachments into `outDir`, each under a safe name that stays inside it. */
export function writeReplyFiles(outDir: string, files: readonly ReplyFile[]): string[] {
  mkdirSync(outDir, { recursive: true });
  return files.map((file) => {
    const path = pathInside(outDir, file.name);
    writeFileSync(path, file.data);
    return path;
  });
}

export async function renderCommandLine(app: CliApp, line: string, json: boolean, outDir?: string): Promise<string> {
  const commands = await loadCommands();
  const request = parseCommandLine(line, commands);
  const context: AlertsCommandContext = { db: app.db(), alertDb: app.alertDb(), config: app.config, now: () => new Date() };
  const reply = await invokeCommand(commands.get(request.command)!, request, context);
  if (outDir) writeReplyFiles(outDir, reply.files ?? []);
  return json ? JSON.stringify(interactionResponsePayload(reply), null, 2) : replyToText(reply);
}

export function registerRenderCli(program: Command, app: CliApp): void {
  program
    .command('render')
    .description('run a slash command as the bot would and print the reply, e.g. zombie render "/zombie summary"')
    .argument('<command-line>', 'the command as typed in Discord')
    .option('--json', 'print the exact interaction response payload sent to Discord')
    .option('--out <dir>', 'also write the attached images (charts) into this folder')
    .action(async (line: string, options: { json?: boolean; out?: string }) =>
      app.out(await renderCommandLine(app, line, options.json ?? false, options.out)),
    );
  program
    .command('ticker')
    .description("one member's card figures (symbol, name, sector, weight, marketCap, return1y, ... flags, percentiles)")
    .argument('<symbol>', 'a member of the latest IWM holdings')
    .option('--json', 'machine-readable JSON')
    .action((typed: string, options: { json?: boolean }) => {
      const symbol = normaliseSymbol(typed);
      if (symbol === null) throw new Error(`${quoted(typed, 20)} is not a ticker symbol: use 1–10 letters or digits, like IWM or INSM`);
      const universe = loadUniverse(app.db());
      const member = universe?.members.find((m) => m.ticker === symbol);
      if (!universe || !member) throw new Error(`${symbol} is not a member of the cached IWM holdings`);
      const card = computeTickerCard(member, universe.members);
      app.out(options.json ? JSON.stringify(card, null, 2) : replyToText({ embeds: [tickerEmbed(card, universe.fund, universe.asOfDate)] }));
    });
  program
    .command('metrics')
    .description('every index figure with its coverage')
    .option('--json', 'machine-readable JSON (keys documented in the README)')
    .option('--as-of <date>', 'as of an earlier date (YYYY-MM-DD): the newest kept holdings snapshot on or before it')
    .option('--series <name>', 'the stored odds series for the Trump trade (default: the configured one)')
    .action((options: { json?: boolean; asOf?: string; series?: string }) => {
      const asOf = options.asOf === undefined ? undefined : isoDate(options.asOf, '--as-of');
      const universe = loadUniverse(app.db(), 'IWM', asOf);
      if (!universe)
        throw new Error(
          asOf ? `no IWM holdings snapshot on or before ${asOf} in the cache` : 'no IWM holdings in the cache yet: run "zombie ingest all" first',
        );
      if (options.series !== undefined && !oddsSeriesNames(app.db()).includes(options.series)) {
        throw new Error(`no odds series named "${options.series}"; stored: ${oddsSeriesNames(app.db()).join(', ') || 'none'}`);
      }
      const figures = indexFigures(app.db(), app.config, universe, options.series === undefined ? {} : { series: options.series });
      app.out(
        options.json
          ? JSON.stringify(figures, null, 2)
          : replyToText({ embeds: [summaryEmbed(figures), healthEmbed(figures), returnsEmbed(figures), trumpEmbed(figures)] }),
      );
    });
}
