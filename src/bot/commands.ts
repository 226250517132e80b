// Loads the slash-command modules: every top-level .ts/.js file of a folder (default: commands/) is one command
// module; subfolders are left for helpers. Each module must export `data` and `execute` (src/bot/command.ts).
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandModule } from './command.js';

export const DEFAULT_COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'commands');

/** Discord's rule for chat-input command names: 1–32 lowercase letters, digits, '-' or '_'. */
const COMMAND_NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;
const MODULE_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

export class CommandLoadError extends Error {
  override name = 'CommandLoadError';
}

/** The command module files of a folder, sorted by name. */
export function listCommandFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && MODULE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name))
    .map((entry) => join(resolve(dir), entry.name))
    .sort();
}

/** Imports and checks every command module of a folder, keyed by command name. */
export async function loadCommands(dir: string = DEFAULT_COMMANDS_DIR): Promise<Map<string, CommandModule>> {
  const commands = new Map<string, CommandModule>();
  const origins = new Map<string, string>();
  for (const file of listCommandFiles(dir)) {
    const module = checkCommandModule(await import(pathToFileURL(file).href), file);
    const name = module.data.name;
    const earlier = origins.get(name);
    if (earlier !== undefined) throw new CommandLoadError(`${file}: command "${name}" is already defined by ${earlier}`);
    origins.set(name, file);
    commands.set(name, module);
  }
  return commands;
}

/** Asserts that an imported module has the shape of a CommandModule, naming the file and the problem. */
export function checkCommandModule(exports: Record<string, unknown>, file: string): CommandModule {
  const { data, execute, autocomplete, prepare } = exports;
  if (typeof data !== 'object' || data === null) throw new CommandLoadError(`${file}: must export \`data\` (the command JSON)`);
  const { name, description } = data as Record<string, unknown>;
  if (typeof name !== 'string' || !COMMAND_NAME.test(name)) {
    throw new CommandLoadError(`${file}: data.name must be 1-32 lowercase letters, digits, '-' or '_', got ${JSON.stringify(name)}`);
  }
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    throw new CommandLoadError(`${file}: data.description of /${name} must be 1-100 characters`);
  }
  if (typeof execute !== 'function') throw new CommandLoadError(`${file}: /${name} must export an \`execute\` function`);
  const { preconditions } = exports;
  if (preconditions !== undefined && !(Array.isArray(preconditions) && preconditions.every((check) => typeof check === 'function'))) {
    throw new CommandLoadError(`${file}: /${name} exports \`preconditions\` but it is not a list of functions`);
  }
  if (autocomplete !== undefined && typeof autocomplete !== 'function') {
    throw new CommandLoadError(`${file}: /${name} exports \`autocomplete\` but it is not a function`);
  }
  if (prepare !== undefined && typeof prepare !== 'function') {
    throw new CommandLoadError(`${file}: /${name} exports \`prepare\` but it is not a function`);
  }
  return exports as unknown as CommandModule;
}
