// /alerts channel: post the digest and alerts in a channel (turns alerts on).
import type { Reply } from '../../src/core/reply.js';
import { saveAlertChannel } from '../../src/store/alerts/settings.js';
import type { AlertsCommandContext, AlertsOptions } from './definition.js';
import { describeAlerts, ephemeral } from './replies.js';

export async function setChannel(options: AlertsOptions<undefined, 'channel'>, guildId: string, context: AlertsCommandContext): Promise<Reply> {
  const channelId = options.channel;
  if (!/^\d{15,25}$/.test(channelId)) return ephemeral('Choose a text or announcement channel.');
  await saveAlertChannel(context.alertDb, guildId, channelId, context.now());
  await context.alerts?.reload();
  return ephemeral(`Alerts will post in <#${channelId}>.\n${await describeAlerts(context, guildId)}`);
}
