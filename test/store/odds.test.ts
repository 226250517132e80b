import { describe, expect, it } from 'vitest';
import { oddsSeriesName } from '../../src/store/odds.js';

const ELECTION_SLUG = 'presidential-election-winner-2024';

describe('oddsSeriesName', () => {
  it('is the slug for a Yes outcome, else slug/outcome in kebab case', () => {
    expect(oddsSeriesName('will-x-happen', 'Yes')).toBe('will-x-happen');
    expect(oddsSeriesName(ELECTION_SLUG, 'Donald Trump')).toBe('presidential-election-winner-2024/donald-trump');
    expect(oddsSeriesName(ELECTION_SLUG, 'Robert F. Kennedy Jr.')).toBe('presidential-election-winner-2024/robert-f-kennedy-jr');
  });
});
