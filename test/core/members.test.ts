import { describe, expect, it } from 'vitest';
import { indexMember } from '../../src/core/members.js';

const verdict = (ticker: string, name: string) => indexMember({ ticker, name });

describe('indexMember (the member rule)', () => {
  it('keeps a common stock under its normalised ticker, CVR ENERGY included', () => {
    expect(verdict('INSM', 'INSMED INC')).toEqual({ member: true, ticker: 'INSM' });
    expect(verdict(' cvi ', 'CVR ENERGY INC')).toEqual({ member: true, ticker: 'CVI' });
    expect(verdict('BRK.B', 'BERKSHIRE HATHAWAY INC CLASS B')).toEqual({ member: true, ticker: 'BRK.B' });
  });

  it('names rights, warrants, CVRs, escrows and private vesting lines as no member', () => {
    expect(verdict('MPTI RT', 'M-TRON INDUSTRIES INC')).toEqual({ member: false, reason: 'right' });
    expect(verdict('XYZ', 'XYZ CORP RIGHTS')).toEqual({ member: false, reason: 'right' });
    expect(verdict('WLLAW', 'CHORD ENERGY EQUITY WARRANTS EXP S')).toEqual({ member: false, reason: 'warrant' });
    expect(verdict('-', 'PULSE BIOSCIENCE INC WARRANTS')).toEqual({ member: false, reason: 'warrant' });
    expect(verdict('INH', 'INHIBRX INC CVR')).toEqual({ member: false, reason: 'cvr' });
    expect(verdict('GTXI', 'GTXI INC - CVR')).toEqual({ member: false, reason: 'cvr' });
    expect(verdict('ADRO', 'CHINOOK THERAPEUTICS INC CVR')).toEqual({ member: false, reason: 'cvr' });
    expect(verdict('P5N994', 'Petrocorp Inc Escrow')).toEqual({ member: false, reason: 'escrow' });
    expect(verdict('-', 'OMNIAB INC $12.50 VESTING Prvt')).toEqual({ member: false, reason: 'private' });
  });

  it('refuses lines without a ticker and tickers that are no symbol', () => {
    expect(verdict('-', 'SUNRISE REALTY TRUST INC')).toEqual({ member: false, reason: 'no ticker' });
    expect(verdict('', 'NAMELESS')).toEqual({ member: false, reason: 'no ticker' });
    expect(verdict('A/../../PW', 'PATH WALKER INC')).toEqual({ member: false, reason: 'odd ticker' });
    expect(verdict('TOOLONGTICKER', 'LONG INC')).toEqual({ member: false, reason: 'odd ticker' });
  });
});
