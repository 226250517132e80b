// A slash command's arguments typed from its definition (the JSON Discord registers, `as const`), as
// Naval-Base/yuudachi's ArgumentsOf does: each subcommand path with its own options, required ones present, choices
// narrowed to their values. readInvocation checks a request against the definition once, so handlers never cast.
import { ApplicationCommandOptionType } from 'discord.js';
import type { CommandRequest, OptionValue } from './request.js';

/** The parts of an option definition the types and the check read. */
interface OptionDefinition {
  readonly type: ApplicationCommandOptionType;
  readonly name: string;
  readonly required?: boolean;
  readonly choices?: readonly { readonly value: OptionValue }[];
  readonly options?: readonly OptionDefinition[];
}

/** A command definition as readInvocation reads it. */
export interface CommandDefinition {
  readonly name: string;
  readonly options?: readonly OptionDefinition[];
}

type Subcommand = ApplicationCommandOptionType.Subcommand;
type SubcommandGroup = ApplicationCommandOptionType.SubcommandGroup;

/** What Discord sends for an option: a choice's value, a number, a boolean, or an id (channel, user, role) or text. */
type ValueOf<O> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? V
  : O extends { readonly type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
    ? number
    : O extends { readonly type: ApplicationCommandOptionType.Boolean }
      ? boolean
      : string;

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
type Flatten<T> = { [K in keyof T]: T[K] };

type OptionEntry<O> = O extends { readonly name: infer K extends string }
  ? O extends { readonly required: true }
    ? { [k in K]: ValueOf<O> }
    : { [k in K]?: ValueOf<O> }
  : never;

/** The options of one subcommand (or of a command without subcommands) as one object. */
export type OptionsOf<Options> = Options extends readonly (infer O)[]
  ? [O] extends [never]
    ? Record<never, never>
    : Flatten<UnionToIntersection<OptionEntry<O>>>
  : Record<never, never>;

type SubcommandInvocation<S, Group> = S extends { readonly type: Subcommand; readonly name: infer N }
  ? { group: Group; subcommand: N; options: OptionsOf<S extends { readonly options: infer P } ? P : []> }
  : never;

type TopInvocation<O> = O extends { readonly type: SubcommandGroup; readonly name: infer G; readonly options: readonly (infer S)[] }
  ? SubcommandInvocation<S, G>
  : SubcommandInvocation<O, undefined>;

/** Every way to invoke a command: its subcommand path (group, subcommand) and that path's typed options. */
export type InvocationOf<C> = C extends { readonly options: readonly (infer O)[] }
  ? Extract<O, { readonly type: Subcommand | SubcommandGroup }> extends never
    ? { group: undefined; subcommand: undefined; options: OptionsOf<C['options']> }
    : TopInvocation<O>
  : { group: undefined; subcommand: undefined; options: Record<never, never> };

/** A request that does not fit the definition (a stale registration, a hand-typed terminal line). */
export interface InvocationProblem {
  problem: string;
}

const VALUE_TYPES: Partial<Record<ApplicationCommandOptionType, 'string' | 'number' | 'boolean'>> = {
  [ApplicationCommandOptionType.String]: 'string',
  [ApplicationCommandOptionType.Integer]: 'number',
  [ApplicationCommandOptionType.Number]: 'number',
  [ApplicationCommandOptionType.Boolean]: 'boolean',
  [ApplicationCommandOptionType.User]: 'string',
  [ApplicationCommandOptionType.Channel]: 'string',
  [ApplicationCommandOptionType.Role]: 'string',
  [ApplicationCommandOptionType.Mentionable]: 'string',
  [ApplicationCommandOptionType.Attachment]: 'string',
};

const isPath = (option: OptionDefinition) =>
  option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup;

/** The request's subcommand path and options, checked against the definition and typed from it. */
export function readInvocation<const C extends CommandDefinition>(definition: C, request: CommandRequest): InvocationOf<C> | InvocationProblem {
  const top = definition.options ?? [];
  const path = [request.group, request.subcommand].filter((part) => part !== undefined).join(' ');
  let options: readonly OptionDefinition[] = top;
  if (top.some(isPath)) {
    const group =
      request.group === undefined ? undefined : top.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === request.group);
    const within = request.group === undefined ? top : (group?.options ?? []);
    const subcommand = within.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === request.subcommand);
    if (subcommand === undefined) return { problem: `/${definition.name} has no subcommand "${path}".` };
    options = subcommand.options ?? [];
  } else if (path !== '') return { problem: `/${definition.name} has no subcommands; got "${path}".` };
  for (const [name, value] of Object.entries(request.options)) {
    const option = options.find((o) => o.name === name);
    if (option === undefined) return { problem: `/${[definition.name, path].filter(Boolean).join(' ')} has no option "${name}".` };
    if (typeof value !== VALUE_TYPES[option.type]) return { problem: `Option "${name}" must be a ${VALUE_TYPES[option.type]}.` };
    if (option.choices !== undefined && !option.choices.some((choice) => choice.value === value)) {
      return { problem: `Option "${name}" must be one of ${option.choices.map((choice) => String(choice.value)).join(', ')}.` };
    }
  }
  const missing = options.filter((o) => o.required === true && request.options[o.name] === undefined).map((o) => o.name);
  if (missing.length > 0) return { problem: `Missing option${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.` };
  return { group: request.group, subcommand: request.subcommand, options: request.options } as InvocationOf<C>;
}
