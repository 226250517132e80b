// /alerts: where and when this server gets the daily digest and threshold alerts. Only members with Manage Server
// may use it (Discord hides it from others by default; the handler checks again). Settings are stored per server.
// The running scheduler, when the bot passes it in the context as `alerts`, is reloaded after every change and
// posts /alerts test samples; without it (the terminal) settings are still saved.
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandContext } from '../src/bot/command.js';
import type { Reply } from '../src/core/reply.js';
import type { AutocompleteRequest, CommandRequest } from '../src/core/request.js';
import { alertsRefusal } from '../src/alerts/permissions.js';
import { KIND_SPECS, effectiveSettings, isAlertKind } from '../src/alerts/rules.js';
import {
  DEFAULT_DIGEST_TIME,
  DEFAULT_TIMEZONE,
  nextDigestAt,
  normaliseDigestTime,
  normaliseTimeZone,
  type DigestSchedule,
} from '../src/alerts/schedule.js';
import type { AlertsControl } from '../src/alerts/scheduler.js';
import { disableAlerts, getAlertSettings, listKindOverrides, saveAlertChannel, saveDigestSchedule, saveKindSetting, takeNotices, type AlertSettings, ALERT_KINDS, type AlertKind, type KindSetting } from '../src/store/alerts.js';

/** The command context of the bot, which adds the running scheduler. */
export interface AlertsCommandContext extends CommandContext {
  alerts?: AlertsControl;
}

const ruleOption = (description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name: 'rule',
  description,
  required: true,
  choices: ALERT_KINDS.map((kind) => ({ name: `${kind}: ${KIND_SPECS[kind].label}`, value: kind })),
});

export const data: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'alerts',
  description: 'Daily digest and threshold alerts for this server (Manage Server only)',
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  dm_permission: false,
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'channel',
      description: 'Post the digest and alerts in a channel (turns alerts on)',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'A text or announcement channel the bot can post in',
          required: true,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'digest',
      description: `Set the weekday digest time (default ${DEFAULT_DIGEST_TIME} ${DEFAULT_TIMEZONE})`,
      options: [
        { type: ApplicationCommandOptionType.String, name: 'time', description: 'HH:MM, 24-hour, e.g. 08:00', max_length: 5 },
        {
          type: ApplicationCommandOptionType.String,
          name: 'timezone',
          description: 'IANA time zone, e.g. America/New_York or Europe/London',
          autocomplete: true,
          max_length: 64,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'rule',
      description: 'Alert rules',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'add',
          description: 'Turn a rule on, optionally with its threshold',
          options: [
            ruleOption('The rule to turn on'),
            {
              type: ApplicationCommandOptionType.Number,
              name: 'threshold',
              description: 'Odds: points; IWM: %; correlation: level 0-1; stale: hours (default if empty)',
              min_value: 0,
            },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'remove',
          description: 'Turn a rule off',
          options: [ruleOption('The rule to turn off')],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'list',
          description: 'Show the channel, the digest time and the rules',
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'off', description: 'Stop every post in this server' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'test', description: 'Post a sample digest in the alerts channel now' },
  ],
};

export async function execute(request: CommandRequest, context: AlertsCommandContext): Promise<Reply> {
  const refusal = alertsRefusal(request);
  if (refusal !== null) return refusal;
  const guildId = request.guildId!;
  const notices = takeNotices(context.db, guildId, context.now());
  const reply = await runSubcommand(request, guildId, context);
  return withNotices(reply, notices);
}

/** Time-zone names matching what the admin typed (Discord shows at most 25). */
export async function autocomplete(request: AutocompleteRequest): Promise<APIApplicationCommandOptionChoice[]> {
  if (request.focused.name !== 'timezone') return [];
  const typed = request.focused.value.trim().toLowerCase().replace(/ /g, '_');
  return Intl.supportedValuesOf('timeZone')
    .filter((zone) => zone.toLowerCase().includes(typed))
    .slice(0, 25)
    .map((zone) => ({ name: zone, value: zone }));
}

async function runSubcommand(request: CommandRequest, guildId: string, context: AlertsCommandContext): Promise<Reply> {
  const path = [request.group, request.subcommand].filter((part) => part !== undefined).join(' ');
  switch (path) {
    case 'channel':
      return setChannel(request, guildId, context);
    case 'digest':
      return setDigest(request, guildId, context);
    case 'rule add':
      return setRule(request, guildId, context, true);
    case 'rule remove':
      return setRule(request, guildId, context, false);
    case 'rule list':
      return ephemeral(describeAlerts(context, guildId));
    case 'off':
      return turnOff(guildId, context);
    case 'test':
      return postTest(guildId, context);
    default:
      return ephemeral(`Unknown /alerts subcommand "${path}".`);
  }
}

function setChannel(request: CommandRequest, guildId: string, context: AlertsCommandContext): Reply {
  const channelId = String(request.options.channel ?? '');
  if (!/^\d{15,25}$/.test(channelId)) return ephemeral('Choose a text or announcement channel.');
  saveAlertChannel(context.db, guildId, channelId, context.now());
  context.alerts?.reload();
  return ephemeral(`Alerts will post in <#${channelId}>.\n${describeAlerts(context, guildId)}`);
}

function setDigest(request: CommandRequest, guildId: string, context: AlertsCommandContext): Reply {
  const current = currentSchedule(getAlertSettings(context.db, guildId));
  const timeText = request.options.time === undefined ? current.digestTime : String(request.options.time);
  const zoneText = request.options.timezone === undefined ? current.timezone : String(request.options.timezone);
  const digestTime = normaliseDigestTime(timeText);
  if (digestTime === null) return ephemeral(`"${timeText}" is not a time of day: use HH:MM, 24-hour, e.g. 08:00 or 16:30.`);
  const timezone = normaliseTimeZone(zoneText);
  if (timezone === null) return ephemeral(`"${zoneText}" is not an IANA time-zone name, e.g. America/New_York or Europe/London.`);
  saveDigestSchedule(context.db, guildId, { digestTime, timezone }, context.now());
  context.alerts?.reload();
  return ephemeral(`${scheduleLine({ digestTime, timezone }, context.now())}${postingHint(context, guildId)}`);
}

function setRule(request: CommandRequest, guildId: string, context: AlertsCommandContext, enabled: boolean): Reply {
  const kindText = String(request.options.rule ?? '');
  if (!isAlertKind(kindText)) return ephemeral(`Unknown rule "${kindText}"; rules: ${ALERT_KINDS.join(', ')}.`);
  const spec = KIND_SPECS[kindText];
  const stored = listKindOverrides(context.db, guildId).find((setting) => setting.kind === kindText);
  const requested = request.options.threshold;
  if (enabled && requested !== undefined) {
    const problem = thresholdProblem(kindText, Number(requested));
    if (problem !== null) return ephemeral(problem);
  }
  const threshold = enabled && requested !== undefined ? Number(requested) : (stored?.threshold ?? null);
  saveKindSetting(context.db, guildId, kindText, { enabled, threshold }, context.now());
  context.alerts?.reload();
  const effective = threshold ?? spec.defaultThreshold;
  return ephemeral(
    enabled
      ? `On: ${spec.label}: posts when ${spec.explain(effective)}.${postingHint(context, guildId)}`
      : `Off: ${spec.label}. Turn it back on with /alerts rule add rule:${kindText}.`,
  );
}

function thresholdProblem(kind: AlertKind, threshold: number): string | null {
  const spec = KIND_SPECS[kind];
  if (spec.range === null) return `${spec.label} has no threshold; leave it empty.`;
  const [min, max] = spec.range;
  if (!Number.isFinite(threshold) || threshold < min || threshold > max) {
    return `${spec.label}: the threshold is in ${spec.unit} and must be between ${min} and ${max}.`;
  }
  return null;
}

function turnOff(guildId: string, context: AlertsCommandContext): Reply {
  disableAlerts(context.db, guildId, context.now());
  context.alerts?.reload();
  return ephemeral('Alerts are off for this server: no digest, no alerts. Turn them back on with /alerts channel.');
}

async function postTest(guildId: string, context: AlertsCommandContext): Promise<Reply> {
  if (context.alerts === undefined) {
    return ephemeral('The alert scheduler is not running in this process, so nothing was posted. Use /alerts test in Discord.');
  }
  const outcome = await context.alerts.postSample(guildId);
  switch (outcome.status) {
    case 'posted':
      return ephemeral(`Posted a sample digest in <#${outcome.channelId}>.`);
    case 'waiting':
    case 'failed':
      return ephemeral(`The sample was not posted in <#${outcome.channelId}>. ${outcome.detail}`);
    case 'not-posting':
      return ephemeral(outcome.detail);
  }
}

/** The channel, the digest schedule and every rule with its state. */
function describeAlerts(context: CommandContext, guildId: string): string {
  const settings = getAlertSettings(context.db, guildId);
  const kinds = effectiveSettings(listKindOverrides(context.db, guildId));
  return [
    channelLine(settings),
    scheduleLine(currentSchedule(settings), context.now()),
    'Rules:',
    ...kinds.map((setting) => `• ${setting.kind}: ${kindLine(setting)}`),
  ].join('\n');
}

function channelLine(settings: AlertSettings | null): string {
  if (settings === null || settings.channelId === null) return 'Channel: none (alerts are off; set one with /alerts channel).';
  if (!settings.enabled) return `Channel: <#${settings.channelId}>, alerts are off (/alerts channel turns them on).`;
  if (settings.pausedReason !== null) return `Channel: <#${settings.channelId}>, PAUSED: ${settings.pausedReason}.`;
  return `Channel: <#${settings.channelId}>, posting.`;
}

function scheduleLine(schedule: DigestSchedule, now: Date): string {
  const next = nextDigestAt(schedule, now);
  const when = next === null ? '' : `, next <t:${Math.floor(next.getTime() / 1000)}:F>`;
  return `Digest: weekdays at ${schedule.digestTime} (${schedule.timezone})${when}.`;
}

function kindLine(setting: KindSetting): string {
  const spec = KIND_SPECS[setting.kind];
  if (!setting.enabled) return `off (${spec.label})`;
  if (setting.pausedReason !== null) return `PAUSED (${spec.label}): ${setting.pausedReason}`;
  return `on: ${spec.explain(setting.threshold)}`;
}

function currentSchedule(settings: AlertSettings | null): DigestSchedule {
  return { digestTime: settings?.digestTime ?? DEFAULT_DIGEST_TIME, timezone: settings?.timezone ?? DEFAULT_TIMEZONE };
}

function postingHint(context: CommandContext, guildId: string): string {
  const settings = getAlertSettings(context.db, guildId);
  return settings?.enabled === true && settings.channelId !== null ? '' : '\nAlerts are off: choose a channel with /alerts channel.';
}

function withNotices(reply: Reply, notices: readonly string[]): Reply {
  if (notices.length === 0) return reply;
  const lines = notices.map((notice) => `⚠️ ${notice}`);
  return { ...reply, content: [...lines, '', reply.content ?? ''].join('\n').trim() };
}

function ephemeral(content: string): Reply {
  return { content, ephemeral: true };
}
