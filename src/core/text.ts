// Short texts every layer writes into notes and error lines.

/** A count with its noun, singular for exactly one: plural(1, 'row') → "1 row", plural(1200, 'row') → "1,200 rows". */
export const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** Untrusted text shown in a one-line error: at most `max` characters, quoted, control, invisible and direction marks escaped. */
export function quoted(text: string, max: number): string {
  const preview = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(preview).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
