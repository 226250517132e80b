// What the /alerts subcommands say back: the server's channel, digest schedule and rules, and the hints and
// notices around them. Every /alerts reply is ephemeral (only the admin who asked sees it).
import { KIND_SPECS, effectiveSettings } from '../../src/alerts/rules.js';
import { DEFAULT_DIGEST_TIME, DEFAULT_TIMEZONE, nextDigestAt, type DigestSchedule } from '../../src/alerts/schedule.js';
import type { Reply } from '../../src/core/reply.js';
import { listKindOverrides, type KindSetting } from '../../src/store/alerts/rules.js';
import { getAlertSettings, type AlertSettings } from '../../src/store/alerts/settings.js';
import type { AlertsCommandContext } from './definition.js';

export function ephemeral(content: string): Reply {
  return { content, ephemeral: true };
}

/** The channel, the digest schedule and every rule with its state. */
export async function describeAlerts(context: AlertsCommandContext, guildId: string): Promise<string> {
  const settings = await getAlertSettings(context.alertDb, guildId);
  const kinds = effectiveSettings(await listKindOverrides(context.alertDb, guildId));
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

export function scheduleLine(schedule: DigestSchedule, now: Date): string {
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

export function currentSchedule(settings: AlertSettings | null): DigestSchedule {
  return { digestTime: settings?.digestTime ?? DEFAULT_DIGEST_TIME, timezone: settings?.timezone ?? DEFAULT_TIMEZONE };
}

export function postingHint(settings: AlertSettings | null): string {
  return settings?.enabled === true && settings.channelId !== null ? '' : '\nAlerts are off: choose a channel with /alerts channel.';
}

export function withNotices(reply: Reply, notices: readonly string[]): Reply {
  if (notices.length === 0) return reply;
  const lines = notices.map((notice) => `⚠️ ${notice}`);
  return { ...reply, content: [...lines, '', reply.content ?? ''].join('\n').trim() };
}
