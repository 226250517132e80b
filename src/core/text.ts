// Short texts every layer writes into notes and error lines.

/** A count with its noun, singular for exactly one: plural(1, 'row') → "1 row", plural(1200, 'row') → "1,200 rows". */
export const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
