// The member rule: which "Equity" line of a fund's holdings is an index member. A member is a distinct
// common-stock ticker. iShares also lists, as Equity, lines that are no index member: rights ("MPTI RT",
// names with RIGHTS), warrants, contingent value rights (a name ending in CVR: "INHIBRX INC CVR",
// "GTXI INC - CVR"; "CVR ENERGY INC" is a member), escrows ("Petrocorp Inc Escrow"), private vesting lines
// ("OMNIAB INC $12.50 VESTING Prvt") and lines without a ticker ("-"). Everything that reads holdings
// (ingest, evictions, history) decides membership with indexMember, never with its own test.
import { normaliseSymbol } from './ticker.js';

/** Why an Equity line is no index member, as counted in the ingest summary. */
export type NonMemberReason = 'cvr' | 'right' | 'warrant' | 'escrow' | 'private' | 'no ticker' | 'odd ticker';

export type MemberVerdict = { member: true; ticker: string } | { member: false; reason: NonMemberReason };

/** Name (upper case, trimmed) and ticker tests, in the order they are tried; the first that matches wins. */
const NON_MEMBER_TESTS: readonly { reason: NonMemberReason; name: RegExp; ticker?: RegExp }[] = [
  { reason: 'cvr', name: /(^|[\s-])CVR$|\bCONTINGENT VALUE\b/ },
  { reason: 'right', name: /\bRIGHTS?$|\bRIGHTS\b/, ticker: /\sRTS?$/ },
  { reason: 'warrant', name: /\bWARRANTS?\b|\sWTS?$/, ticker: /\sW[ST]$/ },
  { reason: 'escrow', name: /\bESCROW\b/ },
  { reason: 'private', name: /\bPRVT\b|\bVESTING\b/ },
];

/**
 * Whether an Equity line of a holdings file is an index member, and under which normalised ticker. A CVR,
 * right or warrant that shares its company's ticker is no member, so it never adds one.
 */
export function indexMember(line: { ticker: string; name: string }): MemberVerdict {
  const name = line.name.normalize('NFKC').trim().toUpperCase();
  const rawTicker = line.ticker.normalize('NFKC').trim().toUpperCase();
  const matched = NON_MEMBER_TESTS.find((test) => test.name.test(name) || (test.ticker?.test(rawTicker) ?? false));
  if (matched) return { member: false, reason: matched.reason };
  if (rawTicker === '' || rawTicker === '-') return { member: false, reason: 'no ticker' };
  const ticker = normaliseSymbol(rawTicker);
  return ticker === null ? { member: false, reason: 'odd ticker' } : { member: true, ticker };
}
