// The package root from the sources: the folder of package.json, where assets/, db/migrations/ and data/demo/ are.
// (From the build, dist/src/core/paths.js, test/bot/built.test.ts shows it: the built bot opens and migrates the
// cache and draws a chart with the bundled font.)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath, RUNNING_BUILD } from '../../src/core/paths.js';

describe('packagePath', () => {
  it('is the folder of this package’s package.json when running the sources', () => {
    expect(RUNNING_BUILD).toBe(false);
    expect(packagePath()).toBe(join(import.meta.dirname, '..', '..'));
    expect(JSON.parse(readFileSync(packagePath('package.json'), 'utf8')).name).toBe('zombie-beta');
    for (const shipped of [
      ['assets', 'fonts', 'Inter-Regular.ttf'],
      ['db', 'migrations'],
      ['data', 'demo', 'SOURCES.md'],
    ]) {
      expect(existsSync(packagePath(...shipped)), shipped.join('/')).toBe(true);
    }
  });
});
