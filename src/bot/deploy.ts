// `npm run deploy-commands`: registers every command module's `data` with Discord — in DISCORD_GUILD_ID when set
// (instant, for testing a server), else globally — prints what it registered and exits non-zero on any error.
// Option (for tests only): `--commands DIR` loads command modules from DIR instead of commands/.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { loadConfig, readProcessEnv, requireConfig } from '../config.js';
import type { CommandModule } from './command.js';
import { DEFAULT_COMMANDS_DIR, loadCommands } from './commands.js';
import { secretScrubber } from '../core/log.js';

export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Register in this guild only; undefined registers globally. */
  guildId?: string;
  /** DISCORD_API_URL: the API base (default https://discord.com/api). */
  apiUrl?: string;
  commands: ReadonlyMap<string, CommandModule>;
}

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId: string | null;
  /** Command names as Discord registered them, with the ids it assigned. */
  registered: { name: string; id: string }[];
}

/** Replaces the application's commands (guild or global) with the loaded modules' definitions. */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  if (options.commands.size === 0) {
    throw new Error('no command modules to register; refusing to replace the registered commands with none');
  }
  const rest = new REST({ version: '10', ...(options.apiUrl !== undefined && { api: options.apiUrl }) }).setToken(options.token);
  const route =
    options.guildId === undefined
      ? Routes.applicationCommands(options.applicationId)
      : Routes.applicationGuildCommands(options.applicationId, options.guildId);
  const body = [...options.commands.values()].map((module) => module.data);
  const registered = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
  return {
    scope: options.guildId === undefined ? 'global' : 'guild',
    guildId: options.guildId ?? null,
    registered: registered.map((command) => ({ name: command.name, id: command.id })),
  };
}

export function describeDeployment(result: DeployResult): string {
  const where = result.scope === 'guild' ? `in guild ${result.guildId}` : 'globally (may take up to an hour to appear)';
  const lines = result.registered.map((command) => `  /${command.name} (id ${command.id})`);
  return [`Registered ${result.registered.length} command(s) ${where}:`, ...lines].join('\n');
}

/** Where the script reads its environment and writes its report (the process's, or a test's). */
export interface DeployIo {
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `npm run deploy-commands`: registers, prints what it registered and returns the exit code (1 on any error). */
export async function runDeployCli(argv: string[], io: DeployIo): Promise<number> {
  const { values: args } = parseArgs({ args: argv, options: { commands: { type: 'string' } } });
  let scrub = (text: string) => text;
  try {
    const config = requireConfig(loadConfig(io.env), ['DISCORD_TOKEN', 'DISCORD_APP_ID'], 'deploy-commands');
    scrub = secretScrubber([config.DISCORD_TOKEN]);
    const result = await deployCommands({
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APP_ID,
      guildId: config.DISCORD_GUILD_ID,
      apiUrl: config.DISCORD_API_URL,
      commands: await loadCommands(args.commands ?? DEFAULT_COMMANDS_DIR),
    });
    io.stdout(`${describeDeployment(result)}\n`);
    return 0;
  } catch (error) {
    io.stderr(`deploy-commands: ${scrub(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runDeployCli(process.argv.slice(2), {
    env: readProcessEnv(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
