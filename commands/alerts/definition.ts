// /alerts as Discord registers it: the definition the handlers' arguments are typed from (src/core/invocation.ts).
import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AlertsControl } from '../../src/alerts/scheduler.js';
import { DEFAULT_DIGEST_TIME, DEFAULT_TIMEZONE } from '../../src/alerts/schedule.js';
import { KIND_SPECS } from '../../src/alerts/rules.js';
import type { CommandContext } from '../../src/bot/command.js';
import type { InvocationOf } from '../../src/core/invocation.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { ALERT_KINDS } from '../../src/store/alerts/rules.js';

/** The command context of /alerts: the shared state its settings live in and, in the bot, the running scheduler. */
export interface AlertsCommandContext extends CommandContext {
  alertDb: AlertDb;
  alerts?: AlertsControl;
}

const ruleOption = <const D extends string>(description: D) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: 'rule',
    description,
    required: true,
    choices: ALERT_KINDS.map((kind) => ({ name: `${kind}: ${KIND_SPECS[kind].label}`, value: kind })),
  }) as const;

export const ALERTS_COMMAND = {
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
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The typed options of one /alerts subcommand path. */
export type AlertsOptions<Group, Subcommand> = Extract<InvocationOf<typeof ALERTS_COMMAND>, { group: Group; subcommand: Subcommand }>['options'];
