import { describe, expect, it } from 'vitest';
import { valuation } from '../../src/metrics/valuation.js';
import { SUMMARY_FUNDS, summaryValuationLines, valuationLines } from '../../src/render/zombie.js';
import type { IndexFigures } from '../../src/universe/figures.js';

/** Figures holding only the valuations of `funds` kept funds, P/E 10, 11, 12, … */
const figuresWith = (funds: number) =>
  ({
    valuation: Object.fromEntries(Array.from({ length: funds }, (_, i) => [`F${i}`, { ...valuation([]), pe: 10 + i, covered: 1, members: 1 }])),
  }) as unknown as IndexFigures;

describe('valuation lines', () => {
  it('ranks every kept fund, most expensive first', () => {
    const lines = valuationLines(figuresWith(3));
    expect(lines.map((line) => line.split(' P/E')[0])).toEqual(['1. F2', '2. F1', '3. F0']);
    expect(lines[0]).toContain('P/E 12.0 (1 of 1 with data; loss-makers included) · ex losses n/a · forward P/E n/a');
  });

  it('keeps the summary field short: the most expensive few, then a pointer to /zombie valuation', () => {
    expect(summaryValuationLines(figuresWith(SUMMARY_FUNDS))).toHaveLength(SUMMARY_FUNDS);
    const many = summaryValuationLines(figuresWith(12));
    expect(many).toHaveLength(SUMMARY_FUNDS + 1);
    expect(many.at(-1)).toBe('… and 7 more: /zombie valuation');
    expect(many.join('\n').length).toBeLessThan(1024);
  });
});
