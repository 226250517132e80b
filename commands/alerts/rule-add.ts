// /alerts rule add: turn a rule on, with its threshold or the one it had (else the default).
import { KIND_SPECS } from '../../src/alerts/rules.js';
import type { Reply } from '../../src/core/reply.js';
import { listKindOverrides, saveKindSetting, type AlertKind } from '../../src/store/alerts/rules.js';
import { getAlertSettings } from '../../src/store/alerts/settings.js';
import type { AlertsCommandContext, AlertsOptions } from './definition.js';
import { ephemeral, postingHint } from './replies.js';

export async function addRule(options: AlertsOptions<'rule', 'add'>, guildId: string, context: AlertsCommandContext): Promise<Reply> {
  const kind = options.rule;
  const spec = KIND_SPECS[kind];
  if (options.threshold !== undefined) {
    const problem = thresholdProblem(kind, options.threshold);
    if (problem !== null) return ephemeral(problem);
  }
  const stored = (await listKindOverrides(context.alertDb, guildId)).find((setting) => setting.kind === kind);
  const threshold = options.threshold ?? stored?.threshold ?? null;
  await saveKindSetting(context.alertDb, guildId, kind, { enabled: true, threshold }, context.now());
  await context.alerts?.reload();
  return ephemeral(
    `On: ${spec.label}: posts when ${spec.explain(threshold ?? spec.defaultThreshold)}.${postingHint(await getAlertSettings(context.alertDb, guildId))}`,
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
