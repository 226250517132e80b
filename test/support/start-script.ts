// The command of `npm start` (package.json's start script, or another script such as start:shards), for running the bot
// exactly as it runs in production: its node options and entry point (resolved in the package root, so any working
// directory will do).
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The arguments to give `process.execPath`: the script's node options and its entry point. */
export function startScriptArgs(script = 'start'): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[script] ?? '';
  const [program, ...rest] = start.split(/\s+/);
  if (program !== 'node') throw new Error(`expected the ${script} script to run node, got: ${start}`);
  return rest.map((arg) => (arg.startsWith('-') || isAbsolute(arg) ? arg : join(ROOT, arg)));
}
