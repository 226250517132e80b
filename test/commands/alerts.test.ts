// /alerts: the definition Discord registers, the Manage Server gate, and each subcommand against a real database;
// end to end, the gate as members meet it through the bot and the fake Discord.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, ChannelType, MessageFlags, PermissionFlagsBits, type APIApplicationCommandOption } from 'discord.js';
import * as alerts from '../../commands/alerts.js';
import { startBot, type Bot } from '../../src/bot/client.js';
import { invokeCommand, type CommandModule } from '../../src/bot/command.js';
import type { AlertsCommandContext } from '../../commands/alerts/definition.js';
import type { CommandRequest } from '../../src/core/request.js';
import { checkCommandModule } from '../../src/bot/commands.js';
import { createLogger } from '../../src/core/log.js';
import type { AlertsControl, SampleOutcome } from '../../src/alerts/scheduler.js';
import { hasPermission } from '../../src/core/preconditions.js';
import { loadConfig } from '../../src/config.js';
import { addNotice } from '../../src/store/alerts/notices.js';
import { listKindOverrides } from '../../src/store/alerts/rules.js';
import { getAlertSettings, saveAlertChannel } from '../../src/store/alerts/settings.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { sqliteAlertDb } from '../../src/store/alerts/sqlite.js';
import { openDb, type Db } from '../../src/store/db.js';
import { FAKE_IDS, MEMBER_PERMISSIONS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

const GUILD = FAKE_IDS.guild;
const CHANNEL = FAKE_IDS.otherChannel;
const NOW = new Date('2024-11-06T14:30:00Z');
const ADMIN = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const OWNER = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.Administrator).toString();

let dir: string;
let db: Db;
let store: AlertDb;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zombie-alerts-command-'));
  db = openDb(join(dir, 'zombie.db'));
  store = sqliteAlertDb(openDb(join(dir, 'zombie.db')));
});

afterEach(async () => {
  db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface FakeControl extends AlertsControl {
  reloads: number;
  samples: string[];
}

function fakeControl(outcome: SampleOutcome = { status: 'posted', channelId: CHANNEL }): FakeControl {
  const control: FakeControl = {
    reloads: 0,
    samples: [],
    reload: async () => {
      control.reloads += 1;
    },
    postSample: async (guildId) => {
      control.samples.push(guildId);
      return outcome;
    },
  };
  return control;
}

function request(path: string, options: CommandRequest['options'] = {}, permissions: string | null = ADMIN): CommandRequest {
  const [first, second] = path.split(' ');
  return {
    command: 'alerts',
    ...(second === undefined ? { subcommand: first } : { group: first, subcommand: second }),
    options,
    guildId: GUILD,
    channelId: FAKE_IDS.channel,
    userId: FAKE_IDS.member,
    memberPermissions: permissions,
  };
}

/** /alerts as the bot and the terminal run it: its declared preconditions, then its handler. */
const run = (req: CommandRequest, control?: AlertsControl) =>
  invokeCommand(checkCommandModule(alerts, 'commands/alerts.ts'), req, {
    db,
    alertDb: store,
    config: loadConfig({}),
    now: () => NOW,
    ...(control !== undefined && { alerts: control }),
  } as AlertsCommandContext);

describe('the /alerts definition', () => {
  it('is a valid command module, hidden from members without Manage Server and unavailable in DMs', () => {
    const module: CommandModule = checkCommandModule(alerts, 'commands/alerts.ts');
    expect(module.data).toMatchObject({ name: 'alerts', default_member_permissions: '32', dm_permission: false, contexts: [0] });
  });

  it('offers only text and announcement channels', () => {
    const channel = alerts.data.options?.find((option) => option.name === 'channel') as { options: APIApplicationCommandOption[] };
    expect(channel.options[0]).toMatchObject({
      type: ApplicationCommandOptionType.Channel,
      required: true,
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    });
  });

  it('has the subcommands of the issue: channel, digest, rule add|remove|list, off, test', () => {
    const names = (alerts.data.options ?? []).flatMap((option) =>
      option.type === ApplicationCommandOptionType.SubcommandGroup
        ? (option.options ?? []).map((sub) => `${option.name} ${sub.name}`)
        : [option.name],
    );
    expect(names).toEqual(['channel', 'digest', 'rule add', 'rule remove', 'rule list', 'off', 'test']);
  });
});

describe('who may change alerts', () => {
  it('accepts Manage Server or Administrator, nothing else', () => {
    const canManageAlerts = (permissions: string | null) => hasPermission(permissions, PermissionFlagsBits.ManageGuild);
    expect(canManageAlerts(ADMIN)).toBe(true);
    expect(canManageAlerts(OWNER)).toBe(true);
    expect(canManageAlerts(MEMBER_PERMISSIONS)).toBe(false);
    expect(canManageAlerts(null)).toBe(false);
    expect(canManageAlerts('not-a-number')).toBe(false);
  });

  it('declares its checks on the command, run before the handler', () => {
    expect(alerts.preconditions).toHaveLength(2);
  });

  it.each(['channel', 'digest', 'rule add', 'rule remove', 'rule list', 'off', 'test'])(
    'refuses /alerts %s ephemerally to a member without Manage Server, changing nothing',
    async (path) => {
      const control = fakeControl();
      const reply = await run(request(path, { channel: CHANNEL, rule: 'iwm-move', time: '09:00' }, MEMBER_PERMISSIONS), control);
      expect(reply).toEqual({ content: 'Only members with the Manage Server permission can change alerts.', ephemeral: true });
      expect(await getAlertSettings(store, GUILD)).toBeNull();
      expect(control).toMatchObject({ reloads: 0, samples: [] });
    },
  );

  it('refuses outside a server (a DM or the terminal)', async () => {
    const reply = await run({ ...request('rule list'), guildId: null });
    expect(reply).toEqual({ content: 'Alerts are set per server: use /alerts in a server channel.', ephemeral: true });
  });
});

describe('the subcommands', () => {
  it('/alerts channel turns alerts on in that channel, reloads the scheduler, and survives a restart', async () => {
    const control = fakeControl();
    const reply = await run(request('channel', { channel: CHANNEL }), control);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`Alerts will post in <#${CHANNEL}>.`);
    expect(reply.content).toContain('Digest: weekdays at 08:00 (America/New_York), next <t:1730984400:F>.');
    expect(control.reloads).toBe(1);
    await store.close();
    store = sqliteAlertDb(openDb(join(dir, 'zombie.db')));
    expect(await getAlertSettings(store, GUILD)).toMatchObject({
      channelId: CHANNEL,
      enabled: true,
      digestTime: '08:00',
      timezone: 'America/New_York',
    });
  });

  it('/alerts digest sets the time and zone, keeping what is not given', async () => {
    await run(request('digest', { time: '7:30', timezone: 'europe/london' }));
    expect(await getAlertSettings(store, GUILD)).toMatchObject({ digestTime: '07:30', timezone: 'Europe/London' });
    const reply = await run(request('digest', { time: '16:45' }));
    expect(await getAlertSettings(store, GUILD)).toMatchObject({ digestTime: '16:45', timezone: 'Europe/London' });
    expect(reply.content).toBe(
      'Digest: weekdays at 16:45 (Europe/London), next <t:1730911500:F>.\nAlerts are off: choose a channel with /alerts channel.',
    );
  });

  it('/alerts digest refuses a bad time or zone with an explanation', async () => {
    expect((await run(request('digest', { time: '25:00' }))).content).toBe('`25:00` is not a time of day: use HH:MM, 24-hour, e.g. 08:00 or 16:30.');
    expect((await run(request('digest', { timezone: 'Mars/Olympus_Mons' }))).content).toBe(
      '`Mars/Olympus_Mons` is not an IANA time-zone name, e.g. America/New_York or Europe/London.',
    );
    expect(await getAlertSettings(store, GUILD)).toBeNull();
  });

  it('/alerts rule add sets a threshold in range, remove turns the rule off keeping it, list shows all', async () => {
    await saveAlertChannel(store, GUILD, CHANNEL, NOW);
    expect((await run(request('rule add', { rule: 'odds-move', threshold: 8 }))).content).toBe(
      'On: Election odds move: posts when the odds moved by at least 8 percentage points within 24 hours.',
    );
    expect((await run(request('rule add', { rule: 'odds-move', threshold: 80 }))).content).toBe(
      'Election odds move: the threshold is in points and must be between 0.5 and 50.',
    );
    expect((await run(request('rule add', { rule: 'distress', threshold: 2 }))).content).toBe(
      'Entered distress zone has no threshold; leave it empty.',
    );
    expect((await run(request('rule remove', { rule: 'odds-move' }))).content).toBe(
      'Off: Election odds move. Turn it back on with /alerts rule add rule:odds-move.',
    );
    expect(await listKindOverrides(store, GUILD)).toEqual([{ kind: 'odds-move', enabled: false, threshold: 8, pausedReason: null }]);
    await run(request('rule add', { rule: 'odds-move' }));
    expect((await listKindOverrides(store, GUILD))[0]).toMatchObject({ enabled: true, threshold: 8 });
    expect((await run(request('rule list'))).content?.split('\n')).toEqual([
      `Channel: <#${CHANNEL}>, posting.`,
      'Digest: weekdays at 08:00 (America/New_York), next <t:1730984400:F>.',
      'Rules:',
      '• digest: on: the summary and what changed, on weekdays at the digest time',
      '• odds-move: on: the odds moved by at least 8 percentage points within 24 hours',
      '• iwm-move: on: IWM closed at least 2% up or down on the day',
      '• correlation: on: the 30-day IWM/odds correlation crossed ±0.5 or changed sign',
      "• distress: on: a member's Altman Z score fell into the distress zone (from grey or safe)",
      '• stale: on: a data source had no successful ingest for 30 hours',
      "• positioning: on: leveraged funds' net Russell 2000 futures moved by at least 5% of open interest in one weekly COT report",
    ]);
  });

  it('/alerts off stops every post and says how to resume', async () => {
    const control = fakeControl();
    await saveAlertChannel(store, GUILD, CHANNEL, NOW);
    const reply = await run(request('off'), control);
    expect(reply.content).toBe('Alerts are off for this server: no digest, no alerts. Turn them back on with /alerts channel.');
    expect((await getAlertSettings(store, GUILD))?.enabled).toBe(false);
    expect(control.reloads).toBe(1);
  });

  it('/alerts test asks the running scheduler to post a sample, and explains when none runs here', async () => {
    const control = fakeControl();
    expect((await run(request('test'), control)).content).toBe(`Posted a sample digest in <#${CHANNEL}>.`);
    expect(control.samples).toEqual([GUILD]);
    const waiting = fakeControl({ status: 'waiting', channelId: CHANNEL, detail: 'The channel reached its limit.' });
    expect((await run(request('test'), waiting)).content).toBe(`The sample was not posted in <#${CHANNEL}>. The channel reached its limit.`);
    expect((await run(request('test'))).content).toBe(
      'The alert scheduler is not running in this process, so nothing was posted. Use /alerts test in Discord.',
    );
  });

  it('shows notices (a paused channel or rule) on the next use, once', async () => {
    await addNotice(store, GUILD, 'Alerts are paused. Discord refused posting in <#1>: 403 Missing Permissions (code 50013).', NOW);
    const first = await run(request('rule list'));
    expect(first.content?.split('\n')[0]).toBe('⚠️ Alerts are paused. Discord refused posting in <#1>: 403 Missing Permissions (code 50013).');
    expect((await run(request('rule list'))).content).not.toContain('⚠️');
  });

  it('suggests time zones as the admin types', async () => {
    const choices = await alerts.autocomplete({ ...request('digest'), focused: { name: 'timezone', value: 'new y' } });
    expect(choices).toEqual([{ name: 'America/New_York', value: 'America/New_York' }]);
  });
});

describe('the gate through Discord', () => {
  const TOKEN = 'alerts-command-test-token';
  let fake: FakeDiscord;
  let bot: Bot;

  beforeEach(async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, DISCORD_API_URL: fake.apiUrl });
    const context: AlertsCommandContext = { db, alertDb: store, config, now: () => NOW };
    bot = await startBot({
      config: { ...config, DISCORD_TOKEN: TOKEN },
      commands: new Map([['alerts', checkCommandModule(alerts, 'commands/alerts.ts')]]),
      context,
      logger: createLogger({ level: 'silent', secrets: [TOKEN] }),
    });
  });

  afterEach(async () => {
    await bot.destroy();
    await fake.close();
  });

  const answer = async (sent: { token: string }) =>
    (await fake.waitForRequest((r) => r.path.endsWith(`/${sent.token}/callback`))).body as {
      type: number;
      data: { content: string; flags?: number };
    };

  it('refuses an ordinary member ephemerally and lets a Manage Server member set the channel', async () => {
    const refused = await answer(fake.sendChatInput({ command: alerts.data, subcommand: 'channel', options: { channel: CHANNEL } }));
    expect(refused.data).toMatchObject({
      content: 'Only members with the Manage Server permission can change alerts.',
      flags: MessageFlags.Ephemeral,
    });
    expect(await getAlertSettings(store, GUILD)).toBeNull();

    const accepted = await answer(
      fake.sendChatInput({ command: alerts.data, subcommand: 'channel', options: { channel: CHANNEL }, permissions: ADMIN }),
    );
    expect(accepted.data.content).toContain(`Alerts will post in <#${CHANNEL}>.`);
    expect(accepted.data.flags).toBe(MessageFlags.Ephemeral);
    expect(await getAlertSettings(store, GUILD)).toMatchObject({ channelId: CHANNEL, enabled: true });
  });
});
