// /alerts: where and when this server gets the daily digest and threshold alerts. Only members with Manage Server
// may use it: Discord hides it from others by default, and the declared preconditions check again (a server can
// show it to anyone). Settings are stored per server. The running scheduler, when the bot passes it in the
// context as `alerts`, is reloaded after every change and posts /alerts test samples; without it (the terminal)
// settings are still saved. Each subcommand is one file in commands/alerts/.
import { PermissionFlagsBits, type APIApplicationCommandOptionChoice } from 'discord.js';
import { readInvocation } from '../src/core/invocation.js';
import { inServer, memberHas, type Precondition } from '../src/core/preconditions.js';
import type { Reply } from '../src/core/reply.js';
import type { AutocompleteRequest, CommandRequest } from '../src/core/request.js';
import { takeNotices } from '../src/store/alerts/notices.js';
import { setChannel } from './alerts/channel.js';
import { ALERTS_COMMAND, type AlertsCommandContext } from './alerts/definition.js';
import { setDigest } from './alerts/digest.js';
import { turnOff } from './alerts/off.js';
import { ephemeral, withNotices } from './alerts/replies.js';
import { addRule } from './alerts/rule-add.js';
import { listRules } from './alerts/rule-list.js';
import { removeRule } from './alerts/rule-remove.js';
import { postTest } from './alerts/test.js';

export const data = ALERTS_COMMAND;

export const preconditions: readonly Precondition[] = [
  inServer('Alerts are set per server: use /alerts in a server channel.'),
  memberHas(PermissionFlagsBits.ManageGuild, 'Only members with the Manage Server permission can change alerts.'),
];

export async function execute(request: CommandRequest, context: AlertsCommandContext): Promise<Reply> {
  const guildId = request.guildId!; // the inServer precondition passed
  const notices = await takeNotices(context.alertDb, guildId, context.now());
  return withNotices(await runSubcommand(request, guildId, context), notices);
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
  const call = readInvocation(ALERTS_COMMAND, request);
  if ('problem' in call) return ephemeral(call.problem);
  if (call.group === 'rule') {
    if (call.subcommand === 'add') return addRule(call.options, guildId, context);
    if (call.subcommand === 'remove') return removeRule(call.options, guildId, context);
    return listRules(guildId, context);
  }
  switch (call.subcommand) {
    case 'channel':
      return setChannel(call.options, guildId, context);
    case 'digest':
      return setDigest(call.options, guildId, context);
    case 'off':
      return turnOff(guildId, context);
    case 'test':
      return postTest(guildId, context);
  }
}
