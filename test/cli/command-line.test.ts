import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/bot/command.js';
import { parseCommandLine, tokenize } from '../../src/cli/command-line.js';

const reply = async () => ({});
const commands = new Map<string, CommandModule>([
  [
    'ticker',
    {
      data: {
        name: 'ticker',
        description: 'A card',
        options: [{ type: ApplicationCommandOptionType.String, name: 'symbol', description: 's', required: true }],
      },
      execute: reply,
    },
  ],
  [
    'alerts',
    {
      data: {
        name: 'alerts',
        description: 'Alerts',
        options: [
          { type: ApplicationCommandOptionType.Subcommand, name: 'off', description: 'off' },
          {
            type: ApplicationCommandOptionType.SubcommandGroup,
            name: 'rule',
            description: 'rules',
            options: [
              {
                type: ApplicationCommandOptionType.Subcommand,
                name: 'add',
                description: 'add',
                options: [
                  { type: ApplicationCommandOptionType.String, name: 'kind', description: 'k', required: true },
                  { type: ApplicationCommandOptionType.Number, name: 'threshold', description: 't' },
                  { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'c' },
                ],
              },
            ],
          },
        ],
      },
      execute: reply,
    },
  ],
]);

describe('parseCommandLine', () => {
  it('fills the first option from a bare word and accepts name:value', () => {
    expect(parseCommandLine('/ticker IWM', commands).options).toEqual({ symbol: 'IWM' });
    expect(parseCommandLine('ticker symbol:"iwm "', commands).options).toEqual({ symbol: 'iwm ' });
  });

  it('walks subcommand groups and types values by the definition', () => {
    const request = parseCommandLine('/alerts rule add kind:odds threshold:5 channel:<#123456789012345678>', commands);
    expect(request).toMatchObject({
      command: 'alerts',
      group: 'rule',
      subcommand: 'add',
      options: { kind: 'odds', threshold: 5, channel: '123456789012345678' },
    });
  });

  it('explains what is wrong', () => {
    expect(() => parseCommandLine('/nope', commands)).toThrow(/unknown command "\/nope"; commands: \/ticker, \/alerts/);
    expect(() => parseCommandLine('/alerts', commands)).toThrow(/needs one of: off, rule/);
    expect(() => parseCommandLine('/ticker', commands)).toThrow(/missing symbol:/);
    expect(() => parseCommandLine('/alerts rule add kind:x threshold:abc', commands)).toThrow(/not a number/);
    expect(() => parseCommandLine('/alerts off extra', commands)).toThrow(/unexpected "extra"/);
  });

  it('keeps quoted phrases together', () => {
    expect(tokenize('/zombie trump series:"Donald Trump"')).toEqual(['/zombie', 'trump', 'series:Donald Trump']);
  });
});
