// Shared checks for chart images: the PNG is the standard size on the dark card and really has something drawn;
// svgTexts lists the text a person would read on it.
import { expect } from 'vitest';
import type { ChartImage } from '../../../src/render/charts/render.js';
import { CHART_HEIGHT_PX, CHART_WIDTH_PX, COLORS } from '../../../src/render/charts/theme.js';
import { decodePng } from './png.js';

/** Asserts size and background, anti-aliased variety, and at least `minPixels` pixels of each colour given. */
export function expectDrawnPng(image: ChartImage, colors: readonly string[], minPixels = 40): void {
  const png = decodePng(image.png);
  expect([png.width, png.height]).toEqual([CHART_WIDTH_PX, CHART_HEIGHT_PX]);
  expect(png.colorAt(0, 0)).toBe(hex(COLORS.background));
  const counts = png.histogram();
  expect(counts.size).toBeGreaterThan(30);
  const background = counts.get(hex(COLORS.background)) ?? 0;
  expect(CHART_WIDTH_PX * CHART_HEIGHT_PX - background).toBeGreaterThan(5_000);
  for (const color of colors) expect(counts.get(hex(color)) ?? 0, `pixels of ${color}`).toBeGreaterThanOrEqual(minPixels);
}

/** How many pixels of the PNG have exactly this '#rrggbb' colour. */
export function pixelsOf(image: ChartImage, color: string): number {
  return decodePng(image.png).histogram().get(hex(color)) ?? 0;
}

/** The content of every visible <text> element (not fully transparent), entities decoded. */
export function svgTexts(svg: string): string[] {
  const visible = [...svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].filter((m) => !/fill-opacity="0"/.test(m[1]!));
  return visible.map((m) =>
    m[2]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

function hex(color: string): string {
  return color.replace(/^#/, '').toLowerCase();
}
