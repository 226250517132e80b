// better-sqlite3 13 crashes (SIGSEGV) on Node 20: every connection is refused there first, with a line saying what to run.
import { describe, expect, it } from 'vitest';
import { requireSupportedNode } from '../../src/store/db.js';

describe('requireSupportedNode', () => {
  it('refuses Node 20 with what to run instead, and lets 22 and 24 through', () => {
    expect(() => requireSupportedNode('20.20.2')).toThrow(
      /^Node v20\.20\.2 \(.+\) is not supported: zombie-beta needs Node 22 or 24\. Run it through npm/,
    );
    expect(() => requireSupportedNode('22.23.3')).not.toThrow();
    expect(() => requireSupportedNode('24.21.0')).not.toThrow();
  });
});
