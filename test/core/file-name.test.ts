import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReplyFiles } from '../../src/cli/render.js';
import { pathInside, safeFileName } from '../../src/core/file-name.js';
import { tickerChartSpec } from '../../src/render/charts/specs.js';

describe('safeFileName', () => {
  it('keeps ordinary chart names as they are', () => {
    expect(safeFileName('insm-vs-iwm.png')).toBe('insm-vs-iwm.png');
    expect(safeFileName('brk.b-vs-iwm.png')).toBe('brk.b-vs-iwm.png');
  });

  it('leaves no separator, no ".." and no leading dot', () => {
    expect(safeFileName('a/../../pw-vs-iwm.png')).toBe('a-.-.-pw-vs-iwm.png');
    expect(safeFileName('..\\..\\evil.png')).toBe('evil.png');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('../')).toBe('file');
    expect(safeFileName('x'.repeat(500))).toHaveLength(100);
  });
});

describe('pathInside', () => {
  it('resolves every name to a file directly inside the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zombie-names-'));
    for (const name of ['A/../../PW.png', '../../../etc/passwd', '/abs/path.png', '..', 'ok.png']) {
      expect(dirname(pathInside(dir, name))).toBe(dir);
    }
  });
});

describe('zombie render --out', () => {
  it('writes a chart named from the ticker A/../../PW inside --out, never outside', () => {
    const root = mkdtempSync(join(tmpdir(), 'zombie-out-'));
    const out = join(root, 'charts');
    const spec = tickerChartSpec({ symbol: 'A/../../PW', fund: 'IWM', end: '2024-07-11', member: [], index: [], demo: false });
    expect(spec.name).toBe('a-.-.-pw-vs-iwm.png');
    const written = writeReplyFiles(out, [{ name: 'a/../../pw-vs-iwm.png', data: Buffer.from('png') }]);
    expect(written.map((path) => dirname(path))).toEqual([out]);
    expect(readdirSync(root)).toEqual(['charts']);
    expect(readFileSync(written[0]!, 'utf8')).toBe('png');
  });
});
