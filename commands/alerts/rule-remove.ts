// /alerts rule remove: turn a rule off, keeping its threshold for when it is turned back on.
import { KIND_SPECS } from '../../src/alerts/rules.js';
import type { Reply } from '../../src/core/reply.js';
import { listKindOverrides, saveKindSetting } from '../../src/store/alerts/rules.js';
import type { AlertsCommandContext, AlertsOptions } from './definition.js';
import { ephemeral } from './replies.js';

export async function removeRule(options: AlertsOptions<'rule', 'remove'>, guildId: string, context: AlertsCommandContext): Promise<Reply> {
  const kind = options.rule;
  const stored = (await listKindOverrides(context.alertDb, guildId)).find((setting) => setting.kind === kind);
  await saveKindSetting(context.alertDb, guildId, kind, { enabled: false, threshold: stored?.threshold ?? null }, context.now());
  await context.alerts?.reload();
  return ephemeral(`Off: ${KIND_SPECS[kind].label}. Turn it back on with /alerts rule add rule:${kind}.`);
}
