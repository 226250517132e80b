// The entry points a test runs from the TypeScript sources as child processes: node with tsx as a loader in the
// process itself (no CLI wrapper between a test's signals and the program), and the command modules of the fixtures.
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Command modules for tests (`--commands DIR`): slow, broken, lookup, report. */
export const COMMAND_FIXTURES = join(ROOT, 'test', 'fixtures', 'commands');

/** `node` arguments that run a TypeScript source: tsx's loader, then the file. */
export const sourceArgs = (file: 'src/bot/main.ts' | 'src/bot/shards.ts' | 'src/bot/deploy.ts'): string[] => [
  '--import',
  import.meta.resolve('tsx'),
  join(ROOT, file),
];
