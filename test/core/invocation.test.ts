import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { readInvocation } from '../../src/core/invocation.js';
import { inServer, memberHas } from '../../src/core/preconditions.js';
import type { CommandRequest } from '../../src/core/request.js';

const DEFINITION = {
  name: 'demo',
  description: 'd',
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'pick',
      description: 'p',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'colour',
          description: 'c',
          required: true,
          choices: [
            { name: 'Red', value: 'red' },
            { name: 'Blue', value: 'blue' },
          ],
        },
        { type: ApplicationCommandOptionType.Number, name: 'size', description: 's' },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'rule',
      description: 'r',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'l' }],
    },
  ],
} as const;

const request = (path: string, options: CommandRequest['options'] = {}): CommandRequest => {
  const [first, second] = path.split(' ');
  return {
    command: 'demo',
    ...(second === undefined ? { subcommand: first } : { group: first, subcommand: second }),
    options,
    guildId: '1',
    channelId: '2',
    userId: '3',
    memberPermissions: null,
  };
};

describe('readInvocation', () => {
  it('gives the subcommand path and its options, typed from the definition', () => {
    const call = readInvocation(DEFINITION, request('pick', { colour: 'red', size: 3 }));
    expect(call).toEqual({ group: undefined, subcommand: 'pick', options: { colour: 'red', size: 3 } });
    if ('problem' in call || call.subcommand !== 'pick') throw new Error('expected /demo pick');
    const colour: 'red' | 'blue' = call.options.colour;
    expect(colour).toBe('red');
    expect(readInvocation(DEFINITION, request('rule list'))).toEqual({ group: 'rule', subcommand: 'list', options: {} });
  });

  it('names what does not fit the definition', () => {
    expect(readInvocation(DEFINITION, request('paint'))).toEqual({ problem: '/demo has no subcommand "paint".' });
    expect(readInvocation(DEFINITION, request('pick', { colour: 'green' }))).toEqual({ problem: 'Option "colour" must be one of red, blue.' });
    expect(readInvocation(DEFINITION, request('pick', { colour: 'red', size: 'big' }))).toEqual({ problem: 'Option "size" must be a number.' });
    expect(readInvocation(DEFINITION, request('pick', { colour: 'red', shade: 'dark' }))).toEqual({ problem: '/demo pick has no option "shade".' });
    expect(readInvocation(DEFINITION, request('pick'))).toEqual({ problem: 'Missing option: colour.' });
  });
});

describe('preconditions', () => {
  const manage = memberHas(PermissionFlagsBits.ManageGuild, 'Manage Server only.');
  it('refuses outside a server and members without the permission, and lets the others through', () => {
    expect(inServer('Servers only.')({ ...request('rule list'), guildId: null })).toBe('Servers only.');
    expect(inServer('Servers only.')(request('rule list'))).toBeNull();
    expect(manage({ ...request('rule list'), memberPermissions: PermissionFlagsBits.SendMessages.toString() })).toBe('Manage Server only.');
    expect(manage({ ...request('rule list'), memberPermissions: PermissionFlagsBits.Administrator.toString() })).toBeNull();
    expect(manage({ ...request('rule list'), memberPermissions: (PermissionFlagsBits.ManageGuild | 1n).toString() })).toBeNull();
  });
});
