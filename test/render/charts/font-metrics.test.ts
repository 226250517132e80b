import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { loadFontMetrics } from '../../../src/render/charts/font-metrics.js';
import { FONT_PATH } from '../../../src/render/charts/render.js';

describe('loadFontMetrics', () => {
  const measure = loadFontMetrics(FONT_PATH);

  it('measures text within 4% of the ink width resvg draws for it', () => {
    const text = 'Communication Services $1.6bn Nov 5';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="60"><text x="10" y="40" style="font-family:Inter;font-size:20px">${text}</text></svg>`;
    const drawn = new Resvg(svg, { font: { fontFiles: [FONT_PATH], loadSystemFonts: false, defaultFontFamily: 'Inter' } }).getBBox();
    expect(drawn).toBeDefined();
    expect(measure(text, 20) / drawn!.width).toBeGreaterThan(0.96);
    expect(measure(text, 20) / drawn!.width).toBeLessThan(1.04);
  });

  it('scales with the font size and tells wide glyphs from narrow ones', () => {
    expect(measure('Nov 5', 36)).toBeCloseTo(2 * measure('Nov 5', 18), 9);
    expect(measure('WWW', 18)).toBeGreaterThan(2 * measure('iii', 18));
  });

  it('rejects a file that is not a TrueType font, naming it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'font-metrics-')), 'not-a-font.ttf');
    writeFileSync(path, Buffer.from('this is not a font at all'));
    expect(() => loadFontMetrics(path)).toThrow(/not-a-font\.ttf: not a TrueType font/);
  });
});
