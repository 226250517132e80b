// The bot's Prometheus metrics (prom-client), in one registry the ops server (ops-server.ts) serves at /metrics.
// Parts of the bot report through plain callbacks (the router's onCommand, the chart pool's onRendered, the alert
// poster's onPost, the REST client's makeRequest wrapper), so none of them depends on prom-client; gauges that
// describe a state (chart queue depth, snapshot ages) are read when Prometheus scrapes. Labels take values from
// small fixed sets (a command path, an outcome, an HTTP status, a source): never a guild, channel or user id.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PostOutcome } from '../alerts/poster.js';
import type { ChartTask } from '../render/charts/task.js';
import type { CommandOutcome } from './router.js';

/** Histogram buckets of a command's time to its answer, in seconds; 3 s is Discord's limit for a first response. */
export const COMMAND_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
/** Histogram buckets of a chart's time from request to PNG, in seconds (about 0.06–0.15 s drawn, more queued). */
export const CHART_SECONDS_BUCKETS = [0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5];

export interface BotMetrics {
  registry: Registry;
  /** A slash command was answered (or failed to be): its path ("/zombie summary"), outcome and time to answer. */
  commandAnswered(event: { command: string; outcome: CommandOutcome; seconds: number }): void;
  chartRendered(chart: ChartTask['chart'], seconds: number): void;
  alertPost(outcome: PostOutcome): void;
  /** A Discord REST response with an error status, or 'network' when no answer came. */
  restError(status: number | 'network'): void;
}

export interface BotMetricsSources {
  /** Charts waiting for a chart worker now. */
  chartQueue(): number;
  /** When the newest complete snapshot of each source was completed (ISO 8601). */
  snapshotCompletions(): { source: string; completedAt: string }[];
  now?: () => Date;
}

/** The bot's metrics in a fresh registry, with Node's process metrics (CPU, memory, event loop, GC) when `process`. */
export function createBotMetrics(sources: BotMetricsSources, options: { process?: boolean } = {}): BotMetrics {
  const registry = new Registry();
  const now = sources.now ?? (() => new Date());
  if (options.process !== false) collectDefaultMetrics({ register: registry });
  const commands = new Counter({
    name: 'zombie_commands_total',
    help: 'Slash commands by command and outcome (answered, busy: load shed, failed: error reply, undelivered: Discord refused the reply).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: 'zombie_command_duration_seconds',
    help: 'Time from an interaction reaching the bot to its answer being sent, by command (Discord drops a first response after 3 s).',
    labelNames: ['command'] as const,
    buckets: COMMAND_SECONDS_BUCKETS,
    registers: [registry],
  });
  const chartSeconds = new Histogram({
    name: 'zombie_chart_render_seconds',
    help: 'Time from a chart being requested to its PNG, queue wait included, by chart.',
    labelNames: ['chart'] as const,
    buckets: CHART_SECONDS_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'zombie_chart_queue_depth',
    help: 'Charts waiting for a chart worker (past 24 a reply goes out without its chart).',
    registers: [registry],
    collect() {
      this.set(sources.chartQueue());
    },
  });
  const alertPosts = new Counter({
    name: 'zombie_alert_posts_total',
    help: 'Scheduled posts by outcome (sent; found: already in the channel; retry; dropped: Discord rejected it; paused: the channel refused the bot).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const restErrors = new Counter({
    name: 'zombie_discord_rest_errors_total',
    help: 'Discord REST responses with an error status (429 included), by status; "network" when no answer came.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'zombie_snapshot_age_seconds',
    help: "Seconds since the newest complete snapshot of each source was stored (the daily ingest's last success).",
    labelNames: ['source'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const at = now().getTime();
      for (const { source, completedAt } of sources.snapshotCompletions()) this.set({ source }, Math.max(0, (at - Date.parse(completedAt)) / 1000));
    },
  });
  return {
    registry,
    commandAnswered: ({ command, outcome, seconds }) => {
      commands.inc({ command, outcome });
      commandSeconds.observe({ command }, seconds);
    },
    chartRendered: (chart, seconds) => chartSeconds.observe({ chart }, seconds),
    alertPost: (outcome) => alertPosts.inc({ outcome }),
    restError: (status) => restErrors.inc({ status: String(status) }),
  };
}
