#!/usr/bin/env node
// `zombie` entry point: the compiled CLI in dist/ (`npm run build`; `npm ci` runs it), under plain node, with stack
// traces mapped to the TypeScript sources. `npm run zombie -- …` runs the sources through tsx instead.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('zombie: no build in dist/: run `npm run build` (npm ci runs it), or `npm run zombie -- …` to run the sources\n');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(cli.href);
