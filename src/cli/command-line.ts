// Turns a typed slash command ("/zombie summary", "/ticker IWM", "/ticker symbol:iwm") into the same
// CommandRequest a Discord interaction becomes, using the command's own definition to place each word.
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import type { CommandModule } from '../bot/command.js';
import type { CommandRequest, OptionValue } from '../core/request.js';

export class CommandLineError extends Error {
  override name = 'CommandLineError';
}

/** Splits on spaces, keeping "quoted phrases" and name:"quoted values" together. */
export function tokenize(line: string): string[] {
  const tokens = line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  return tokens.map((token) => token.replace(/"/g, ''));
}

export function parseCommandLine(line: string, commands: ReadonlyMap<string, CommandModule>): CommandRequest {
  const [head, ...words] = tokenize(line.trim());
  const name = (head ?? '').replace(/^\//, '').toLowerCase();
  const command = commands.get(name);
  if (!command) {
    throw new CommandLineError(`unknown command "/${name}"; commands: ${[...commands.keys()].map((c) => `/${c}`).join(', ')}`);
  }
  const request: CommandRequest = {
    command: name,
    options: {},
    guildId: null,
    channelId: null,
    userId: 'terminal',
    memberPermissions: null,
  };
  let options: readonly APIApplicationCommandOption[] = command.data.options ?? [];
  const descend = (): void => {
    const choices = options.filter(
      (o) => o.type === ApplicationCommandOptionType.SubcommandGroup || o.type === ApplicationCommandOptionType.Subcommand,
    );
    if (choices.length === 0) return;
    const chosen = choices.find((option) => option.name === words[0]?.toLowerCase());
    if (!chosen) {
      throw new CommandLineError(`/${name} needs one of: ${choices.map((option) => option.name).join(', ')}`);
    }
    words.shift();
    options = 'options' in chosen ? (chosen.options ?? []) : [];
    if (chosen.type === ApplicationCommandOptionType.SubcommandGroup) {
      request.group = chosen.name;
      descend();
    } else request.subcommand = chosen.name;
  };
  descend();
  for (const word of words) {
    const named = /^([a-z0-9_-]+):(.*)$/i.exec(word);
    const option = named ? options.find((o) => o.name === named[1]!.toLowerCase()) : options.find((o) => !(o.name in request.options));
    if (!option) throw new CommandLineError(`unexpected "${word}" for /${[name, request.group, request.subcommand].filter(Boolean).join(' ')}`);
    request.options[option.name] = optionValue(option, named ? named[2]! : word);
  }
  const missing = options.filter((option) => 'required' in option && option.required && !(option.name in request.options));
  if (missing.length > 0) throw new CommandLineError(`missing ${missing.map((o) => `${o.name}:`).join(', ')}`);
  return request;
}

function optionValue(option: APIApplicationCommandOption, text: string): OptionValue {
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const value = Number(text);
      if (!Number.isFinite(value)) throw new CommandLineError(`${option.name}: "${text}" is not a number`);
      return value;
    }
    case ApplicationCommandOptionType.Boolean:
      return /^(true|yes|1)$/i.test(text);
    case ApplicationCommandOptionType.Channel:
      return text.replace(/^<#(\d+)>$/, '$1');
    default:
      return text;
  }
}
