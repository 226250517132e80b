// `zombie publish FILE`: the cache as a file for the bot hosts that read a published copy (DATABASE_READONLY); see
// docs/operations.md for moving it to them.
import type { Command } from 'commander';
import { publishSnapshot } from '../store/publish.js';
import { snapshotsVersion } from '../store/snapshots.js';
import type { CliApp } from './app.js';

export function registerPublishCli(program: Command, app: CliApp): void {
  program
    .command('publish')
    .description('copy the cache to FILE atomically (online backup, rollback-journal mode, rename) for bots with DATABASE_READONLY')
    .argument('<file>', 'where the readers find it (renamed into place; a reader notices the new file within 5 s)')
    .action(async (file: string) => {
      const db = app.db();
      const bytes = await publishSnapshot(db, file);
      app.out(`published ${(bytes / 1024 / 1024).toFixed(1)} MB (snapshots ${snapshotsVersion(db)}) to ${file}`);
    });
}
