// Where the files that ship beside the code are (assets/, db/migrations/, data/demo/): under the package root,
// which is two folders above this module in the sources (src/core/paths.ts, run by tsx or vitest) and three in
// the build (dist/src/core/paths.js, run by plain node).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when this process runs the compiled JavaScript of dist/, false when it runs the TypeScript sources. */
export const RUNNING_BUILD = !import.meta.url.endsWith('.ts');

const PACKAGE_ROOT = fileURLToPath(new URL(RUNNING_BUILD ? '../../../' : '../../', import.meta.url));

/** A path under the package root, e.g. `packagePath('db', 'migrations')`. */
export function packagePath(...parts: string[]): string {
  return resolve(PACKAGE_ROOT, ...parts);
}
