// /alerts digest: the weekday digest time and time zone (either may be left as it is).
import { normaliseDigestTime, normaliseTimeZone } from '../../src/alerts/schedule.js';
import type { Reply } from '../../src/core/reply.js';
import { inlineCode } from '../../src/core/text.js';
import { getAlertSettings, saveDigestSchedule } from '../../src/store/alerts/settings.js';
import type { AlertsCommandContext, AlertsOptions } from './definition.js';
import { currentSchedule, ephemeral, postingHint, scheduleLine } from './replies.js';

export async function setDigest(options: AlertsOptions<undefined, 'digest'>, guildId: string, context: AlertsCommandContext): Promise<Reply> {
  const settings = await getAlertSettings(context.alertDb, guildId);
  const current = currentSchedule(settings);
  const timeText = options.time ?? current.digestTime;
  const zoneText = options.timezone ?? current.timezone;
  const digestTime = normaliseDigestTime(timeText);
  if (digestTime === null) return ephemeral(`${inlineCode(timeText, 20)} is not a time of day: use HH:MM, 24-hour, e.g. 08:00 or 16:30.`);
  const timezone = normaliseTimeZone(zoneText);
  if (timezone === null) return ephemeral(`${inlineCode(zoneText, 64)} is not an IANA time-zone name, e.g. America/New_York or Europe/London.`);
  await saveDigestSchedule(context.alertDb, guildId, { digestTime, timezone }, context.now());
  await context.alerts?.reload();
  return ephemeral(`${scheduleLine({ digestTime, timezone }, context.now())}${postingHint(settings)}`);
}
