// /alerts test: post a sample digest in the alerts channel now (needs the bot's running scheduler).
import type { Reply } from '../../src/core/reply.js';
import type { AlertsCommandContext } from './definition.js';
import { ephemeral } from './replies.js';

export async function postTest(guildId: string, context: AlertsCommandContext): Promise<Reply> {
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
