// The member rule: which "Equity" line of a fund's holdings is an index member. A member is a distinct
// common-stock ticker. iShares also lists, as Equity, lines that are no index member: rights ("MPTI RT",
// names with RIGHTS), warrants, contingent value rights (a name ending in CVR: "INHIBRX INC CVR",
// "GTXI INC - CVR"; "CVR ENERGY INC" is a member), escrows ("Petrocorp Inc Escrow"), private vesting lines
// ("OMNIAB INC $12.50 VESTING Prvt") and lines without a ticker ("-"). Files that hold swaps (the layout with a
// `Type` column: EQUITY, SWAP, WARRANT, CASH, INDEX, COLLATERAL, STIF, ...) say what each line is: an EQUITY line is
// read as above; a SWAP line is exposure to a member (the fund holds the stock synthetically), read the same way
// and flagged `swap`, so the parser counts the member once whether it has an EQUITY line, a SWAP line or both;
// warrants and rights are no member; any other type (cash, futures, collateral, money market, funds) never is.
// Everything that reads holdings (ingest, evictions, history) decides membership with indexMember, never with its
// own test.
import { normaliseSymbol } from './ticker.js';

/** Why an Equity line is no index member, as counted in the ingest summary. */
export type NonMemberReason = 'cvr' | 'right' | 'warrant' | 'escrow' | 'private' | 'not a stock' | 'no ticker' | 'odd ticker';

/** A member line: `swap` when the fund holds it through a swap (a SWAP line) rather than as stock. */
export type MemberVerdict = { member: true; ticker: string; swap?: true } | { member: false; reason: NonMemberReason };

/** Name (upper case, trimmed) and ticker tests, in the order they are tried; the first that matches wins. */
const NON_MEMBER_TESTS: readonly { reason: NonMemberReason; name: RegExp; ticker?: RegExp }[] = [
  { reason: 'cvr', name: /(^|[\s-])CVR$|\bCONTINGENT VALUE\b/ },
  { reason: 'right', name: /\bRIGHTS?$|\bRIGHTS\b/, ticker: /\sRTS?$/ },
  { reason: 'warrant', name: /\bWARRANTS?\b|\sWTS?$/, ticker: /\sW[ST]$/ },
  { reason: 'escrow', name: /\bESCROW\b/ },
  { reason: 'private', name: /\bPRVT\b|\bVESTING\b/ },
];

/** What a line's `Type` (upper case) makes of it; a line without a Type (older layouts) reads as a stock. */
function lineKind(type: string | undefined): 'stock' | 'swap' | NonMemberReason {
  const kind = (type ?? '').normalize('NFKC').trim().toUpperCase();
  if (kind === '' || kind === '-' || kind === 'EQUITY') return 'stock';
  if (kind === 'SWAP') return 'swap';
  if (kind === 'WARRANT' || kind === 'WARRANTS') return 'warrant';
  if (kind === 'RIGHT' || kind === 'RIGHTS') return 'right';
  return 'not a stock';
}

/**
 * Whether an Equity line of a holdings file is an index member, and under which normalised ticker. A CVR,
 * right or warrant that shares its company's ticker is no member, so it never adds one. `type` is the line's
 * `Type` cell where the file has one (see the header comment).
 */
export function indexMember(line: { ticker: string; name: string; type?: string }): MemberVerdict {
  const kind = lineKind(line.type);
  if (kind !== 'stock' && kind !== 'swap') return { member: false, reason: kind };
  const name = line.name.normalize('NFKC').trim().toUpperCase();
  const rawTicker = line.ticker.normalize('NFKC').trim().toUpperCase();
  const matched = NON_MEMBER_TESTS.find((test) => test.name.test(name) || (test.ticker?.test(rawTicker) ?? false));
  if (matched) return { member: false, reason: matched.reason };
  if (rawTicker === '' || rawTicker === '-') return { member: false, reason: 'no ticker' };
  const ticker = normaliseSymbol(rawTicker);
  if (ticker === null) return { member: false, reason: 'odd ticker' };
  return kind === 'swap' ? { member: true, ticker, swap: true } : { member: true, ticker };
}
