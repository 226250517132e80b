// `zombie backup FILE [--force]`: a consistent, verified copy of the cache, taken while the bot and ingests run
// (src/store/backup.ts), and how to restore it.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backupCache, type BackupResult } from '../store/backup.js';
import type { CliApp } from './app.js';

export function registerBackupCli(program: Command, app: CliApp): void {
  program
    .command('backup')
    .description('write a consistent copy of the cache to FILE while the bot and ingests run (SQLite online backup), verified with quick_check')
    .argument('<file>', 'the backup file (its folder must exist)')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, options: { force?: boolean }) => {
      const db = app.db();
      app.out(backupText(await backupCache(db, file, { force: options.force === true }), resolve(db.name)));
    });
}

export function backupText(result: BackupResult, cache: string): string {
  const newest =
    result.newestSnapshotAt === null ? 'no snapshot yet' : `newest completed ${result.newestSnapshotAt.slice(0, 16).replace('T', ' ')} UTC`;
  const restoring = `${cache}.restoring`;
  return [
    `Backed up ${cache} to ${result.path}: ${(result.bytes / 1e6).toFixed(1)} MB, schema ${result.schemaVersion}, quick_check ok, ` +
      `${result.snapshots.toLocaleString('en-US')} snapshots (${newest}), in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
    'To restore it: stop the bot and any ingest, then',
    `  cp ${shellWord(result.path)} ${shellWord(restoring)} && mv ${shellWord(restoring)} ${shellWord(cache)} && rm -f ${shellWord(`${cache}-wal`)} ${shellWord(`${cache}-shm`)}`,
    'and start the bot again (it checks the cache before it starts).',
  ].join('\n');
}

/** A path as one shell word: as it is when it holds only safe characters, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
