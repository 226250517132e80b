// /alerts off: stop every post in this server (the settings are kept for /alerts channel).
import type { Reply } from '../../src/core/reply.js';
import { disableAlerts } from '../../src/store/alerts/settings.js';
import type { AlertsCommandContext } from './definition.js';
import { ephemeral } from './replies.js';

export async function turnOff(guildId: string, context: AlertsCommandContext): Promise<Reply> {
  await disableAlerts(context.alertDb, guildId, context.now());
  await context.alerts?.reload();
  return ephemeral('Alerts are off for this server: no digest, no alerts. Turn them back on with /alerts channel.');
}
