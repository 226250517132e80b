// /alerts rule list: the channel, the digest schedule and every rule with its state.
import type { Reply } from '../../src/core/reply.js';
import type { AlertsCommandContext } from './definition.js';
import { describeAlerts, ephemeral } from './replies.js';

export async function listRules(guildId: string, context: AlertsCommandContext): Promise<Reply> {
  return ephemeral(await describeAlerts(context, guildId));
}
