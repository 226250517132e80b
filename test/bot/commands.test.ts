import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandLoadError, listCommandFiles, loadCommands } from '../../src/bot/commands.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'commands');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zombie-commands-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, source: string) => writeFileSync(join(dir, file), source);
const valid = (name: string) =>
  `export const data = { name: '${name}', description: 'test' };\nexport async function execute() { return { content: 'ok' }; }\n`;

describe('loadCommands', () => {
  it('loads every module of the folder into a map by command name', async () => {
    const commands = await loadCommands(FIXTURES);
    expect([...commands.keys()].sort()).toEqual(['broken', 'lookup', 'report', 'slow']);
    expect(typeof commands.get('lookup')?.autocomplete).toBe('function');
    expect(commands.get('report')?.data.options?.map((option) => option.name)).toEqual(['summary', 'chart']);
  });

  it('takes only top-level .ts/.js files, leaving subfolders and declaration files for helpers', async () => {
    write('alpha.mjs', valid('alpha'));
    write('alpha.d.ts', 'export {};\n');
    write('notes.md', '# not code\n');
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'format.mjs'), 'export const x = 1;\n');
    expect(listCommandFiles(dir).map((file) => file.slice(dir.length + 1))).toEqual(['alpha.mjs']);
    expect([...(await loadCommands(dir)).keys()]).toEqual(['alpha']);
  });

  it('names the file of a module without `execute`', async () => {
    write('half.mjs', `export const data = { name: 'half', description: 'test' };\n`);
    await expect(loadCommands(dir)).rejects.toThrow(CommandLoadError);
    await expect(loadCommands(dir)).rejects.toThrow(/half\.mjs: \/half must export an `execute` function/);
  });

  it('names the file of a module without `data`', async () => {
    write('nodata.mjs', 'export async function execute() { return { content: "x" }; }\n');
    await expect(loadCommands(dir)).rejects.toThrow(/nodata\.mjs: must export `data`/);
  });

  it('refuses a command name Discord would reject', async () => {
    write('upper.mjs', valid('Zombie'));
    await expect(loadCommands(dir)).rejects.toThrow(/upper\.mjs: data\.name must be 1-32 lowercase/);
  });

  it('refuses two modules defining the same command', async () => {
    write('a.mjs', valid('zombie'));
    write('b.mjs', valid('zombie'));
    await expect(loadCommands(dir)).rejects.toThrow(/b\.mjs: command "zombie" is already defined by .*a\.mjs/);
  });

  it('refuses an autocomplete export that is not a function', async () => {
    write('auto.mjs', `${valid('auto')}export const autocomplete = 'no';\n`);
    await expect(loadCommands(dir)).rejects.toThrow(/`autocomplete` but it is not a function/);
  });

  it('returns an empty map for an empty folder', async () => {
    expect((await loadCommands(dir)).size).toBe(0);
  });
});
