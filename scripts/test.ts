// `npm test`: the static checks (`npm run typecheck`, `npm run layers`, `npm run lint`) and the vitest suite, side
// by side: on two cores the checks fill the time the suite spends waiting for its child processes and sockets,
// instead of running before it. vitest prints as it goes; each check's output is printed once the suite has ended
// (so that it never breaks into vitest's live report), with its outcome. Exits 1 when any of them failed.
// Arguments go to vitest (`npm test -- test/bot`). Run by node itself (type stripping): it imports no project module.
import { spawn } from 'node:child_process';

interface Outcome {
  name: string;
  code: number | null;
  seconds: number;
  output: string;
}

/** Runs a command; its output is kept (or shown live when `live`). */
function run(name: string, command: string, args: string[], live = false): Promise<Outcome> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ name, code: null, seconds: 0, output: `${error.message}\n` }));
    child.on('close', (code) => resolve({ name, code, seconds: (performance.now() - started) / 1000, output }));
  });
}

const checks = ['typecheck', 'layers', 'lint'].map((script) => run(`npm run ${script}`, 'npm', ['run', '--silent', script]));
const suite = await run('vitest run', 'vitest', ['run', ...process.argv.slice(2)], true);
const outcomes = [...(await Promise.all(checks)), suite];

for (const { name, code, seconds, output } of outcomes.slice(0, -1)) {
  process.stdout.write(`\n${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds.toFixed(1)} s\n${output}`);
}
const failed = outcomes.filter((outcome) => outcome.code !== 0).map((outcome) => outcome.name);
process.stdout.write(`\nnpm test: ${failed.length === 0 ? 'everything passed' : `FAILED: ${failed.join(', ')}`}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
