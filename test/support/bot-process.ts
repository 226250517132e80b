// A bot entry point (src/bot/main.ts, src/bot/shards.ts) as its own process, as an operator runs it: tsx as a loader
// in that process (no CLI wrapper between the test's signals and the bot), its JSON log lines collected and
// searchable, its exit awaited.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX_LOADER = import.meta.resolve('tsx');
export const MAIN = join(ROOT, 'src', 'bot', 'main.ts');
export const SHARDS = join(ROOT, 'src', 'bot', 'shards.ts');

export type LogLine = Record<string, unknown> & { msg?: string };

export interface BotProcess {
  child: ChildProcess;
  output(): string;
  /** The JSON log lines so far. */
  logs(): LogLine[];
  /** The first log line (past or future) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exitCode: Promise<number | null>;
  /** Kills it (SIGKILL) unless it has exited; resolves once it has. */
  kill(): Promise<void>;
}

/** Runs `file` with tsx as its loader; `nodeArgs` replaces that (the bench passes the node arguments of an npm script). */
export function spawnBotProcess(
  file: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  nodeArgs = ['--import', TSX_LOADER],
): BotProcess {
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  const logs = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  return {
    child,
    output: () => output,
    logs,
    waitForLog: async (match, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs().find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for a log line; output:\n${output.slice(-4000)}`);
        if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) before the log line; output:\n${output.slice(-4000)}`);
        await sleep(50);
      }
    },
    exitCode,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exitCode;
    },
  };
}

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
