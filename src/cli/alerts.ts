// `zombie alerts copy-state`: the alert state moved from the cache file to PostgreSQL (STATE_DATABASE_URL).
// `zombie alerts run [--dry]`: one alert cycle now — check the rules and due digests of every server with alerts
// on and post what is due through the Discord REST API (exactly once, also while the bot runs). With --dry it
// prints what would be posted and changes nothing. Run it after an ingest to alert on the new data at once.
import type { APIEmbed } from 'discord.js';
import { REST } from 'discord.js';
import type { Command } from 'commander';
import pino from 'pino';
import { configSecrets, requireConfig, type Config } from '../config.js';
import { copyAlertState } from '../store/alerts/copy.js';
import { sqliteAlertDb } from '../store/alerts/sqlite.js';
import { openDb, type Db } from '../store/db.js';
import type { AlertSources } from '../alerts/check.js';
import { postKeyText } from '../alerts/messages.js';
import { discordChannel } from '../alerts/poster.js';
import { previewAlertCycle, previewText } from '../alerts/preview.js';
import { DEFAULT_SCHEDULER_OPTIONS, catchUpWindowMs, runAlertCycle, type CycleReport } from '../alerts/scheduler.js';
import type { AlertState } from '../alerts/state.js';
import { createLogger } from '../core/log.js';
import type { CliApp } from './app.js';

/** The data the alerts read, from the cache the command line opened. */
export interface CliAlertSources {
  loadState(db: Db, config: Config): AlertState;
  summaryEmbed(db: Db, config: Config): APIEmbed;
  chartPng?(db: Db, config: Config): Buffer | null;
}

export function registerAlertsCli(program: Command, app: CliApp, sources: CliAlertSources, now: () => Date = () => new Date()): void {
  const alerts = program.command('alerts').description('scheduled digest and threshold alerts in Discord');
  alerts
    .command('run')
    .description('check the rules and due digests now and post what is due (each post at most once)')
    .option('--dry', 'print what would be posted now; post and record nothing')
    .action(async (options: { dry?: boolean }) => {
      const bound = bindSources(app, sources);
      if (options.dry === true) {
        app.out(previewText(await previewAlertCycle({ store: app.alertDb(), now: now(), options: DEFAULT_SCHEDULER_OPTIONS, ...bound })));
        return;
      }
      const config = requireConfig(app.config, ['DISCORD_TOKEN'], 'posting alerts (zombie alerts run)');
      const api = config.DISCORD_API_URL;
      const rest = new REST({ version: '10', ...(api !== undefined && { api }) }).setToken(config.DISCORD_TOKEN);
      const logger = createLogger({
        level: config.LOG_LEVEL,
        secrets: configSecrets(config),
        destination: pino.destination({ dest: 2, sync: true }),
      });
      const report = await runAlertCycle(
        { store: app.alertDb(), ...discordChannel(rest), now, logger, options: DEFAULT_SCHEDULER_OPTIONS, ...bound },
        catchUpWindowMs(DEFAULT_SCHEDULER_OPTIONS),
      );
      app.out(cycleText(report));
    });
  registerCopyState(alerts, app);
}

/** `zombie alerts copy-state`: the alert state of the cache file (SQLite) into an empty STATE_DATABASE_URL. */
function registerCopyState(alerts: Command, app: CliApp): void {
  alerts
    .command('copy-state')
    .description('copy the alert state (settings, rules, outbox) of the cache file into the empty PostgreSQL of STATE_DATABASE_URL')
    .action(async () => {
      const config = requireConfig(app.config, ['STATE_DATABASE_URL'], 'copying the alert state (zombie alerts copy-state)');
      const source = sqliteAlertDb(openDb(app.db().name));
      try {
        const copied = await copyAlertState(source, app.alertDb());
        const counts = Object.entries(copied).map(([table, rows]) => `${rows} ${table}`);
        app.out(`copied ${counts.join(', ')} from ${app.db().name} to ${redactedUrl(config.STATE_DATABASE_URL)}`);
      } finally {
        await source.close();
      }
    });
}

/** A database URL as it may be printed: without its password. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

function bindSources(app: CliApp, sources: CliAlertSources): AlertSources {
  const chartPng = sources.chartPng;
  return {
    loadState: () => sources.loadState(app.db(), app.config),
    summaryEmbed: () => sources.summaryEmbed(app.db(), app.config),
    ...(chartPng !== undefined && { chartPng: () => chartPng(app.db(), app.config) }),
  };
}

export function cycleText(report: CycleReport): string {
  const lines: string[] = [];
  if (report.stateError !== null) lines.push(`Data could not be loaded (${report.stateError}); only queued posts were delivered.`);
  lines.push(`Queued ${report.queued.length} new post(s).`);
  for (const delivery of report.deliveries) {
    lines.push(
      `Server ${delivery.guildId} → channel ${delivery.channelId}: ${delivery.sent.length} sent, ${delivery.folded.length} folded, ` +
        `${delivery.retrying.length} to retry, ${delivery.dropped.length} dropped, ${delivery.waiting} waiting for the hourly limit`,
    );
    for (const key of delivery.sent) lines.push(`  sent ${postKeyText(key)}`);
    if (delivery.pausedReason !== null) lines.push(`  paused: ${delivery.pausedReason}`);
  }
  lines.push(...report.warnings.map((warning) => `warning: ${warning}`));
  return lines.join('\n');
}
