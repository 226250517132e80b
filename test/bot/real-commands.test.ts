// End to end with the real commands/ on the bundled demo data: the real discord.js client logs into the fake
// Discord, and the bodies Discord receives are exactly what `zombie render --json` prints for the same reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import type { CommandContext, CommandModule } from '../../src/bot/command.js';
import { startBot, type Bot } from '../../src/bot/client.js';
import { loadCommands } from '../../src/bot/commands.js';
import { createLogger } from '../../src/core/log.js';
import { startPublishing, type Publisher } from '../../src/bot/publish.js';
import { loadConfig } from '../../src/config.js';
import { replyMessageData } from '../../src/render/payload.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../support/fake-discord.js';
import { openDemoCopy } from '../support/demo-db.js';

const TOKEN = 'real-commands-bot-token';
let fake: FakeDiscord;
let bot: Bot;
let commands: Map<string, CommandModule>;
let context: CommandContext;
let publisher: Publisher;

const callbackFor = (token: string) => (request: RecordedRequest) => request.path.endsWith(`/${token}/callback`);
const request = (command: string, options: Record<string, string>, subcommand?: string) => ({
  command,
  ...(subcommand && { subcommand }),
  options,
  guildId: FAKE_IDS.guild,
  channelId: FAKE_IDS.channel,
  userId: 'u',
  memberPermissions: null,
});

beforeAll(async () => {
  const db = await openDemoCopy();
  fake = await startFakeDiscord({ token: TOKEN });
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: FAKE_IDS.application, DISCORD_API_URL: fake.apiUrl });
  commands = await loadCommands();
  context = { db, config, now: () => new Date() };
  // As `npm start` does: the replies of the current snapshots are published before members ask.
  publisher = startPublishing({ commands, context, logger: createLogger({ level: 'silent', secrets: [] }) });
  await publisher.idle();
  bot = await startBot({
    config: { ...config, DISCORD_TOKEN: TOKEN },
    commands,
    context,
    logger: createLogger({ level: 'silent', secrets: [TOKEN] }),
  });
}, 180_000);

afterAll(async () => {
  publisher?.stop();
  await bot?.destroy();
  await fake?.close();
});

describe('real commands through the fake Discord', () => {
  it('answers /zombie summary with the summary embed, mentions disabled', async () => {
    const sent = fake.sendChatInput({ command: commands.get('zombie')!.data, subcommand: 'summary' });
    const callback = await fake.waitForRequest(callbackFor(sent.token), 10_000);
    const body = callback.body as { type: number; data: { embeds: { title: string }[]; allowed_mentions: unknown } };
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    const expected = replyMessageData(await commands.get('zombie')!.execute(request('zombie', {}, 'summary'), context));
    expect(body.data).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(body.data.embeds[0]!.title).toBe('Zombie beta — IWM: 1,983 members');
  }, 20_000);

  it('answers /ticker IWM with the index card and an unknown symbol ephemerally with suggestions', async () => {
    const iwm = fake.sendChatInput({ command: commands.get('ticker')!.data, options: { symbol: 'IWM' } });
    const iwmBody = (await fake.waitForRequest(callbackFor(iwm.token), 10_000)).body as { data: { embeds: { title: string }[] } };
    expect(iwmBody.data.embeds[0]!.title).toBe('Zombie beta — IWM: 1,983 members');
    const unknown = fake.sendChatInput({ command: commands.get('ticker')!.data, options: { symbol: 'IWN' } });
    const body = (await fake.waitForRequest(callbackFor(unknown.token), 10_000)).body as { data: { flags: number; content: string } };
    expect(body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(body.data.content).toContain('`IWM` iShares Russell 2000 ETF');
  }, 20_000);

  it('autocompletes /ticker from the cached members and ETFs', async () => {
    const sent = fake.sendAutocomplete({ command: commands.get('ticker')!.data, focused: 'symbol', options: { symbol: 'ins' } });
    const body = (await fake.waitForRequest(callbackFor(sent.token), 10_000)).body as { type: number; data: { choices: { value: string }[] } };
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const values = body.data.choices.map((choice) => choice.value);
    expect(values).toContain('INSM');
    expect(values[0]!.startsWith('INS')).toBe(true);
    expect(values.length).toBeLessThanOrEqual(25);
  }, 20_000);
});
