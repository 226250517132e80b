// Short texts every layer writes into notes and error lines, and the one way text a member typed (or any text not
// ours) is echoed back: cut on code-point boundaries, its invisible and direction marks made visible.

/** A count with its noun, singular for exactly one: plural(1, 'row') → "1 row", plural(1200, 'row') → "1,200 rows". */
export const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** A surrogate without its pair (text from outside may hold one; cutting UTF-16 units can make one). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** C0 and C1 controls, zero-width and direction marks, line and paragraph separators, the byte-order mark. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const escapeUnit = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The code points of `text`, a lone surrogate as U+FFFD. */
const codePoints = (text: string): string[] => Array.from(text.replace(LONE_SURROGATE, '\ufffd'));

/** At most `max` code points of `text`, the last one "…" when it was cut; never half a surrogate pair (a lone
 * surrogate in the input becomes U+FFFD). For Discord's limits, which count code points. */
export function truncate(text: string, max: number): string {
  const points = codePoints(text);
  return points.length > max ? `${points.slice(0, Math.max(0, max - 1)).join('')}…` : points.join('');
}

/** Untrusted text shown in a one-line error: its first `max` code points (then "…"), quoted, control, invisible and
 * direction marks escaped. */
export function quoted(text: string, max: number): string {
  const points = codePoints(text);
  const shown = points.length > max ? `${points.slice(0, max).join('')}…` : points.join('');
  // JSON escapes C0 controls itself (\n, \u0000); the rest are escaped the same way.
  return JSON.stringify(shown).replace(INVISIBLE, escapeUnit);
}

/** The modifier letter grave accent: looks like a backtick, but does not end a Discord code span. */
const BACKTICK_LOOKALIKE = '\u02cb';

/**
 * Text a member typed (or a stored name), echoed in a Discord message as a code span: at most `max` code points,
 * its backticks shown as ˋ so it cannot close the span (inside one, no Markdown, link or mention renders), and
 * controls, line breaks, invisible and direction marks written as \uXXXX so it reads as typed and on one line.
 */
export function inlineCode(text: string, max: number): string {
  const shown = truncate(text, max).replace(/`/g, BACKTICK_LOOKALIKE).replace(INVISIBLE, escapeUnit);
  return `\`${shown === '' ? ' ' : shown}\``;
}
