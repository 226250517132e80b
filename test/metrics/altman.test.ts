import { describe, expect, it } from 'vitest';
import {
  altmanInputs,
  altmanSummary,
  altmanZ,
  altmanZDoublePrime,
  altmanZDoublePrimeInputs,
  altmanZDoublePrimeZone,
  altmanZone,
  isAltmanExcluded,
  isManufacturer,
} from '../../src/metrics/altman.js';
import { ALTMAN_EXAMPLE, fundamentals } from './members.js';

const example = {
  workingCapitalUsd: 90_000,
  totalAssetsUsd: 620_000,
  retainedEarningsUsd: 30_000,
  ebitUsd: 55_000,
  marketValueOfEquityUsd: 100_000,
  totalLiabilitiesUsd: 280_000,
  salesUsd: 440_000,
};

describe('Altman Z', () => {
  it('scores the issue example at 1.4586, in distress', () => {
    // 1.2·90/620 + 1.4·30/620 + 3.3·55/620 + 0.6·100/280 + 1.0·440/620
    // = 0.174194 + 0.067742 + 0.292742 + 0.214286 + 0.709677 = 1.458640
    const z = altmanZ(example)!;
    expect(z).toBeCloseTo(1.45864, 5);
    expect(altmanZone(z)).toBe('distress');
  });

  it('zones distress < 1.81 ≤ grey ≤ 2.99 < safe', () => {
    expect(altmanZone(1.8099)).toBe('distress');
    expect(altmanZone(1.81)).toBe('grey');
    expect(altmanZone(2.99)).toBe('grey');
    expect(altmanZone(2.9901)).toBe('safe');
  });

  it('gives no score for zero or negative total assets, or zero total liabilities', () => {
    expect(altmanZ({ ...example, totalAssetsUsd: 0 })).toBeNull();
    expect(altmanZ({ ...example, totalAssetsUsd: -5 })).toBeNull();
    expect(altmanZ({ ...example, totalLiabilitiesUsd: 0 })).toBeNull();
  });

  it('builds its inputs from SEC figures and a market value of equity', () => {
    // WC = 190,000 − 100,000 = 90,000; MVE given as 100,000 → the same 1.45864
    const inputs = altmanInputs(fundamentals(ALTMAN_EXAMPLE), 100_000);
    expect(inputs).toEqual(example);
    expect(altmanInputs(fundamentals({ ...ALTMAN_EXAMPLE, retainedEarningsUsd: null }), 100_000)).toBeNull();
    expect(altmanInputs(fundamentals(ALTMAN_EXAMPLE), null)).toBeNull();
  });
});

describe('Altman Z″', () => {
  it('scores the example with book equity 340,000 at 2.9811, safe', () => {
    // 6.56·90/620 + 3.26·30/620 + 6.72·55/620 + 1.05·340/280
    // = 0.952258 + 0.157742 + 0.596129 + 1.275000 = 2.981129 (> 2.6: safe)
    const zpp = altmanZDoublePrime(altmanZDoublePrimeInputs(fundamentals(ALTMAN_EXAMPLE))!)!;
    expect(zpp).toBeCloseTo(2.981129, 6);
    expect(altmanZDoublePrimeZone(zpp)).toBe('safe');
  });

  it('scores negative book equity (a negative X4) rather than dropping it', () => {
    // TA 100, TL 150, equity −50, WC −20, RE −80, EBIT −5:
    // 6.56·(−0.2) + 3.26·(−0.8) + 6.72·(−0.05) + 1.05·(−50/150) = −1.312 − 2.608 − 0.336 − 0.35 = −4.606
    const f = fundamentals({
      currentAssetsUsd: 30,
      currentLiabilitiesUsd: 50,
      totalAssetsUsd: 100,
      totalLiabilitiesUsd: 150,
      stockholdersEquityUsd: -50,
      retainedEarningsUsd: -80,
      ebitTtmUsd: -5,
    });
    const zpp = altmanZDoublePrime(altmanZDoublePrimeInputs(f)!)!;
    expect(zpp).toBeCloseTo(-4.606, 10);
    expect(altmanZDoublePrimeZone(zpp)).toBe('distress');
  });

  it('takes book equity as total assets − total liabilities when equity is not reported', () => {
    expect(altmanZDoublePrimeInputs(fundamentals({ ...ALTMAN_EXAMPLE, stockholdersEquityUsd: null }))?.bookEquityUsd).toBe(340_000);
  });

  it('zones distress < 1.1 ≤ grey ≤ 2.6 < safe, and gives no score for zero total liabilities', () => {
    expect(altmanZDoublePrimeZone(1.0999)).toBe('distress');
    expect(altmanZDoublePrimeZone(1.1)).toBe('grey');
    expect(altmanZDoublePrimeZone(2.6)).toBe('grey');
    expect(altmanZDoublePrimeZone(2.61)).toBe('safe');
    expect(altmanZDoublePrime({ ...altmanZDoublePrimeInputs(fundamentals(ALTMAN_EXAMPLE))!, totalLiabilitiesUsd: 0 })).toBeNull();
  });
});

describe('Altman scope', () => {
  it('excludes financials and real estate, whatever the case', () => {
    expect(isAltmanExcluded('Financials')).toBe(true);
    expect(isAltmanExcluded('Real Estate')).toBe(true);
    expect(isAltmanExcluded('real estate ')).toBe(true);
    expect(isAltmanExcluded('Health Care')).toBe(false);
    expect(isAltmanExcluded(null)).toBe(false);
  });

  it('calls SIC 2000–3999 manufacturers and says unknown without a SIC', () => {
    expect(isManufacturer(2000)).toBe(true);
    expect(isManufacturer(3999)).toBe(true);
    expect(isManufacturer(1999)).toBe(false);
    expect(isManufacturer(7372)).toBe(false);
    expect(isManufacturer(null)).toBeNull();
  });
});

describe('altmanSummary', () => {
  it('counts members below Z 1.81 as distress, excluding financials', () => {
    // scored: 1.4586 distress, 1.805 distress (< 1.81 but not < 1.8), 2.5 grey, 3.5 safe; one unscorable; two excluded
    const s = altmanSummary([
      { excluded: false, z: 1.4586 },
      { excluded: false, z: 1.805 },
      { excluded: false, z: 2.5 },
      { excluded: false, z: 3.5 },
      { excluded: false, z: null },
      { excluded: true, z: null },
      { excluded: true, z: 0.5 },
    ]);
    // distress 2 of 4 = 0.5; below 1.8: only 1.4586 → 1 of 4 = 0.25
    expect(s).toEqual({ scored: 4, excluded: 2, distress: 2, grey: 1, safe: 1, distressShare: 0.5, shareBelow1_8: 0.25 });
  });

  it('has no shares when nothing is scored', () => {
    expect(altmanSummary([])).toEqual({ scored: 0, excluded: 0, distress: 0, grey: 0, safe: 0, distressShare: null, shareBelow1_8: null });
  });
});
