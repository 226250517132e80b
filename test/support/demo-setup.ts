// vitest globalSetup of the `demo` project (the test files that read the demo database): starts building this run's
// demo database at once, in a child process (test/support/demo-build.ts), so the ~15 s build runs beside the other
// projects' tests instead of holding up the first file that needs it; test/support/demo-db.ts waits for it. It does
// not run at all when no file of the project is in the run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';

/** tsx's loader for the build's TypeScript (this file runs in vitest's module runner, without import.meta.resolve). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zombie-demo-build-'));
  project.provide('demoDir', dir);
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(import.meta.dirname, 'demo-build.ts'), dir], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => {
    // A build that died without its outcome (a crash, a kill) is reported to the waiting tests as an error.
    const done = join(dir, 'build.json');
    if (!existsSync(done)) writeFileSync(done, JSON.stringify({ error: `the demo build exited with ${signal ?? `code ${code}`}` }));
  });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoDir: string;
  }
}
