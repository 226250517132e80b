// A bot entry point (src/bot/main.ts, src/bot/shards.ts, or an npm script's build) as its own process, as an operator
// runs it, its JSON log lines searchable, its exit awaited. Its output goes to a file, read back on demand: a pipe that this busy process drains late would block the
// bot's synchronous log writes and slow it down, which a supervisor's journal does not do.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The folders of the output files, removed when this process exits. */
const logDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of logDirs) rmSync(dir, { recursive: true, force: true });
});

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

/** Runs `node` with `nodeArgs`: a source (sourceArgs of test/support/sources.ts) or an npm script's command
 * (startScriptArgs of test/support/start-script.ts), followed by the program's arguments. */
export function spawnBotProcess(nodeArgs: string[], env: Record<string, string>, cwd: string): BotProcess {
  const logDir = mkdtempSync(join(tmpdir(), 'zombie-bot-output-'));
  logDirs.add(logDir);
  const logFile = join(logDir, 'output.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, nodeArgs, {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const output = () => readFileSync(logFile, 'utf8');
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  // Complete lines only: the last may be half written.
  const logs = () =>
    output()
      .split('\n')
      .slice(0, -1)
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  return {
    child,
    output,
    logs,
    waitForLog: async (match, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs().find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for a log line; output:\n${output().slice(-4000)}`);
        if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) before the log line; output:\n${output().slice(-4000)}`);
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
