// Text widths from the bundled TrueType font, so ECharts lays out (wraps, truncates, spaces legends) with the
// widths resvg will draw, not the Helvetica-like estimate it falls back to without a canvas.
// Reads the OpenType tables 'head' (unitsPerEm), 'hhea' (numberOfHMetrics), 'hmtx' (advance widths) and a
// format-4 'cmap' subtable (Unicode BMP → glyph id); kerning is ignored. Spec: https://learn.microsoft.com/typography/opentype/spec/
import { readFileSync } from 'node:fs';

/** Width in pixels of `text` set at `fontSizePx`. */
export type MeasureText = (text: string, fontSizePx: number) => number;

interface Tables {
  font: Buffer;
  offsets: Map<string, number>;
}

export function loadFontMetrics(path: string): MeasureText {
  const font = readFileSync(path);
  const tables = { font, offsets: tableOffsets(font, path) };
  const unitsPerEm = font.readUInt16BE(table(tables, 'head', path) + 18);
  const advances = advanceWidths(tables, path);
  const glyphOf = cmapFormat4(tables, path);
  const advanceOf = new Map<number, number>();
  const charAdvance = (code: number): number => {
    let advance = advanceOf.get(code);
    if (advance === undefined) {
      const glyph = glyphOf(code);
      advance = advances[Math.min(glyph, advances.length - 1)]!;
      advanceOf.set(code, advance);
    }
    return advance;
  };
  return (text, fontSizePx) => {
    let units = 0;
    for (const char of text) units += charAdvance(char.codePointAt(0)!);
    return (units * fontSizePx) / unitsPerEm;
  };
}

function tableOffsets(font: Buffer, path: string): Map<string, number> {
  const version = font.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x74727565) throw new Error(`${path}: not a TrueType font (sfnt version ${version.toString(16)})`);
  const offsets = new Map<string, number>();
  const count = font.readUInt16BE(4);
  for (let k = 0; k < count; k++) {
    const record = 12 + 16 * k;
    offsets.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  return offsets;
}

function table(tables: Tables, tag: string, path: string): number {
  const offset = tables.offsets.get(tag);
  if (offset === undefined) throw new Error(`${path}: font has no '${tag}' table`);
  return offset;
}

/** Advance width (font units) per glyph id; glyphs past numberOfHMetrics share the last width. */
function advanceWidths(tables: Tables, path: string): number[] {
  const count = tables.font.readUInt16BE(table(tables, 'hhea', path) + 34);
  const hmtx = table(tables, 'hmtx', path);
  return Array.from({ length: count }, (_, glyph) => tables.font.readUInt16BE(hmtx + 4 * glyph));
}

/** Glyph id of a code point from the Windows-Unicode-BMP (3,1) or Unicode-BMP (0,3) format-4 subtable; 0 = missing. */
function cmapFormat4(tables: Tables, path: string): (code: number) => number {
  const { font } = tables;
  const cmap = table(tables, 'cmap', path);
  let subtable: number | null = null;
  for (let k = 0; k < font.readUInt16BE(cmap + 2); k++) {
    const record = cmap + 4 + 8 * k;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    const unicodeBmp = (platform === 3 && encoding === 1) || (platform === 0 && encoding === 3);
    if (unicodeBmp && font.readUInt16BE(offset) === 4) subtable = offset;
  }
  if (subtable === null) throw new Error(`${path}: font has no format-4 Unicode cmap subtable`);
  const segments = font.readUInt16BE(subtable + 6) / 2;
  const endCodes = subtable + 14;
  const startCodes = endCodes + 2 * segments + 2;
  const idDeltas = startCodes + 2 * segments;
  const idRangeOffsets = idDeltas + 2 * segments;
  return (code) => {
    if (code > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (font.readUInt16BE(endCodes + 2 * s) < code) continue;
      const start = font.readUInt16BE(startCodes + 2 * s);
      if (start > code) return 0;
      const delta = font.readUInt16BE(idDeltas + 2 * s);
      const rangeOffset = font.readUInt16BE(idRangeOffsets + 2 * s);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = font.readUInt16BE(idRangeOffsets + 2 * s + rangeOffset + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
