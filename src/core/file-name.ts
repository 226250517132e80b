// File names derived from data (a ticker in a chart's name, a member's price file): reduced to a safe
// alphabet so that no "/", "\\" or leading "." survives, and checked to stay inside the folder they go to.
import { isAbsolute, relative, resolve } from 'node:path';

/** Letters, digits, ".", "-" and "_" only (others become "-"), no leading "." or "-", no "..", ≤ 100 characters. */
export function safeFileName(name: string): string {
  const safe = name
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+/, '')
    .slice(0, 100);
  return safe === '' ? 'file' : safe;
}

/** The path of `name` (made safe) inside `dir`; throws if it would still resolve anywhere else. */
export function pathInside(dir: string, name: string): string {
  const root = resolve(dir);
  const path = resolve(root, safeFileName(name));
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`file name '${name}' leaves ${root}`);
  return path;
}
