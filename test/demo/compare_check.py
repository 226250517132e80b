#!/usr/bin/env python3
"""An independent computation of `zombie compare --json` on the demo data, for test/demo/compare.test.ts.

Reads only the files: the iShares holdings CSVs and price CSVs in data/demo, the screener export, and the SEC
companyfacts / submissions / company_tickers.json files that `npm run demo` generates into data/demo/generated.
It shares no code with the project: the member rule, the weights, TTM figures, Altman Z, the BIS tests, P/E,
returns, the overlap and the earnings rule are written out again from the README's definitions.

    npm run demo && python3 test/demo/compare_check.py
"""
import csv
import json
import math
import os
import re
import statistics
from datetime import date

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'data', 'demo')
GEN = os.path.join(ROOT, 'generated', 'sec')


def num(cell):
    cell = (cell or '').replace(',', '').replace('$', '').replace('%', '').strip()
    if cell in ('', '-', '--') or re.fullmatch(r'(?i)n/?a|nan|null|none', cell):
        return None
    return float(cell)


NON_MEMBER = re.compile(r'(^|[\s-])CVR$|\bCONTINGENT VALUE\b|\bRIGHTS?$|\bRIGHTS\b|\bWARRANTS?\b|\sWTS?$|\bESCROW\b|\bPRVT\b|\bVESTING\b')


def holdings(name):
    """{ticker: {weight, price, sector}} of a holdings file: Equity lines of type EQUITY or SWAP, members only."""
    lines = open(os.path.join(ROOT, 'holdings', name), encoding='utf-8-sig').read().split('\n')
    head = next(i for i, line in enumerate(lines) if line.startswith('Ticker,'))
    body = []
    for line in lines[head + 1:]:
        if line.replace('\xa0', '').strip() == '':
            break
        body.append(line)
    rows = list(csv.DictReader([lines[head]] + body))
    weight_column = 'Weight (%)' if 'Weight (%)' in rows[0] else 'Notional Weight'
    members = {}
    for r in rows:
        if r['Asset Class'] != 'Equity' or r.get('Type', 'EQUITY').upper() not in ('EQUITY', 'SWAP'):
            continue
        ticker, name = r['Ticker'].strip().upper(), r['Name'].strip().upper()
        if ticker in ('', '-') or NON_MEMBER.search(name) or re.search(r'\s(RTS?|W[ST])$', ticker):
            continue
        m = members.setdefault(ticker, {'weight': None, 'price': num(r['Price']), 'sector': r['Sector'], 'value': -1})
        w = num(r[weight_column])
        if w is not None:
            m['weight'] = (m['weight'] or 0) + w / 100
        value = num(r['Market Value']) if r.get('Type', 'EQUITY').upper() == 'EQUITY' else num(r['Notional Value'])
        if (value or 0) > m['value']:
            m.update(value=value or 0, price=num(r['Price']), sector=r['Sector'])
    return members


def screener():
    out = {}
    for r in csv.DictReader(open(os.path.join(ROOT, 'screens', 'russell_2000.csv'), encoding='utf-8-sig')):
        cap = num(r['Market Cap ($M)'])
        # A market cap of 0 is the export's blank (the screener ingest stores no market cap).
        out[r['Ticker'].strip().upper()] = {'cap': cap * 1e6 if cap else None, 'yield': num(r['Dividend Yield'])}
    return out


def decimals(x):
    text = repr(x)
    return 0 if '.' not in text or 'e' in text else len(text.split('.')[1])


def ttm(facts):
    """FY2023 + Q1 2024 − Q1 2023 (the generated filings), rounded to the inputs' decimals; None when absent."""
    by = {(f['start'], f['end']): f['val'] for f in facts}
    fy, q24, q23 = by.get(('2023-01-01', '2023-12-31')), by.get(('2024-01-01', '2024-03-31')), by.get(('2023-01-01', '2023-03-31'))
    if fy is None:
        return None
    if q24 is None:
        return fy
    return round(fy + q24 - q23, max(decimals(fy), decimals(q24), decimals(q23)))


def latest(facts):
    return max(facts, key=lambda f: f['end'])['val'] if facts else None


def company(cik):
    label = f'CIK{cik:010d}'
    cf = json.load(open(os.path.join(GEN, 'api', 'xbrl', 'companyfacts', f'{label}.json')))
    sub = json.load(open(os.path.join(GEN, 'submissions', f'{label}.json')))
    g = cf['facts']['us-gaap']

    def dur(concept, unit='USD'):
        return g.get(concept, {}).get('units', {}).get(unit, [])

    annual = {}
    for f in dur('OperatingIncomeLoss'):
        if f['fp'] == 'FY':
            annual.setdefault(f['fy'], {})['op'] = f['val']
            annual[f['fy']]['end'] = f['end']
    for f in dur('InterestExpense'):
        if f['fp'] == 'FY':
            annual.setdefault(f['fy'], {})['int'] = f['val']
    dates = list(sub['filings']['recent']['filingDate']) + [p['filingFrom'] for p in sub['filings']['files']]
    return {
        'shares': latest(cf['facts']['dei']['EntityCommonStockSharesOutstanding']['units']['shares']),
        'revenue': ttm(dur('RevenueFromContractWithCustomerExcludingAssessedTax')),
        'eps': ttm(dur('EarningsPerShareDiluted', 'USD/shares')),
        'net': ttm(dur('NetIncomeLoss')),
        'ocf': ttm(dur('NetCashProvidedByUsedInOperatingActivities')),
        'capex': ttm(dur('PaymentsToAcquirePropertyPlantAndEquipment')),
        'sbc': ttm(dur('ShareBasedCompensation')),
        'ebit': ttm(dur('OperatingIncomeLoss')),
        'dps': ttm(dur('CommonStockDividendsPerShareDeclared', 'USD/shares')),
        'assets': latest(dur('Assets')),
        'liabilities': latest(dur('Liabilities')),
        'current_assets': latest(dur('AssetsCurrent')),
        'current_liabilities': latest(dur('LiabilitiesCurrent')),
        'retained': latest(dur('RetainedEarningsAccumulatedDeficit')),
        'annual': annual,
        'first_filing': min(dates),
    }


TICKERS = {e['ticker']: e['cik_str'] for e in json.load(open(os.path.join(GEN, 'files', 'company_tickers.json'))).values()}
SCREEN = screener()
_cache = {}


def facts_of(ticker):
    if ticker not in TICKERS:
        return None
    if ticker not in _cache:
        _cache[ticker] = company(TICKERS[ticker])
    return _cache[ticker]


def figures(ticker, m):
    f = facts_of(ticker)
    s = SCREEN.get(ticker)
    price = m['price']
    cap = f['shares'] * price if f and f['shares'] and price and price > 0 else (s['cap'] if s else None)
    out = {'cap': cap, 'weight': m['weight'], 'sector': m['sector']}
    if f is None:
        out.update(eps=None, revenue=None, earnings=None, fcf=None, sbc=None, z=None, zombie=None, narrow=None)
        out['yield'] = s['yield'] if s else None
        return out
    out.update(eps=f['eps'], revenue=f['revenue'], sbc=f['sbc'])
    out['earnings'] = f['net'] if f['net'] is not None else (f['eps'] * f['shares'] if f['eps'] is not None and f['shares'] else None)
    out['fcf'] = None if f['ocf'] is None or f['capex'] is None else f['ocf'] - abs(f['capex'])
    dy = f['dps'] / price if f['dps'] is not None and price and price > 0 else None
    out['yield'] = dy if dy is not None else (s['yield'] if s else None)
    # Altman Z (1968), Financials and Real Estate excluded.
    out['z'] = None
    if m['sector'] not in ('Financials', 'Real Estate') and None not in (f['current_assets'], f['current_liabilities'], f['retained'], f['ebit'], f['revenue'], cap):
        ta, tl = f['assets'], f['liabilities']
        if ta > 0 and tl > 0:
            wc = f['current_assets'] - f['current_liabilities']
            out['z'] = 1.2 * wc / ta + 1.4 * f['retained'] / ta + 3.3 * f['ebit'] / ta + 0.6 * cap / tl + 1.0 * f['revenue'] / ta
    # BIS: coverage < 1 in FY2021-2023; Financials excluded; narrow: first filing on or before the FY2023 end − 10 years.
    out['zombie'] = out['narrow'] = None
    if m['sector'] != 'Financials':
        years = [f['annual'].get(y, {}) for y in (2023, 2022, 2021)]
        if all('op' in y and 'int' in y and y['int'] >= 0 for y in years):
            out['zombie'] = all(y['int'] != 0 and y['op'] / y['int'] < 1 for y in years)
            end = years[0]['end']
            out['narrow'] = out['zombie'] and f['first_filing'] <= f'{int(end[:4]) - 10}{end[4:]}'
    return out


def count(values, test):
    covered = [v for v in values if v is not None]
    return {'covered': len(covered), 'count': sum(1 for v in covered if test(v))}


def ratio(pairs):
    earnings = sum(e for _, e in pairs)
    return sum(c for c, _ in pairs) / earnings if pairs and earnings > 0 else None


def fund(symbol, file):
    members = holdings(file)
    figs = {t: figures(t, m) for t, m in members.items()}
    vals = list(figs.values())
    fcf = [v for v in vals if v['fcf'] is not None]
    positive = [v for v in fcf if v['fcf'] > 0]
    with_sbc = [v for v in positive if v['sbc'] is not None]
    weighted = [(v['weight'], v['yield']) for v in vals if v['weight'] is not None and v['yield'] is not None]
    pairs = [(v['cap'], v['earnings']) for v in vals if v['cap'] is not None and v['earnings'] is not None]
    included = [v for v in vals if v['sector'] != 'Financials']
    return members, figs, {
        'fund': symbol,
        'members': len(members),
        'negativeEps': count([v['eps'] for v in vals], lambda e: e < 0),
        'altmanZ': {'scored': sum(1 for v in vals if v['z'] is not None), 'distress': sum(1 for v in vals if v['z'] is not None and v['z'] < 1.81)},
        'zombies': {
            **count([v['zombie'] for v in included], bool),
            'excluded': len(vals) - len(included),
            'narrow': count([v['narrow'] for v in included], bool),
        },
        'fcf': {'covered': len(fcf), 'positive': len(positive), 'sbcOverHalf': sum(1 for v in with_sbc if v['sbc'] / v['fcf'] > 0.5)},
        'smallRevenue': count([v['revenue'] for v in vals], lambda r: r <= 500e6),
        'dividendYield': sum(w * y for w, y in weighted) / sum(w for w, _ in weighted) if weighted else None,
        'pe': ratio(pairs),
        'peExLosses': ratio([p for p in pairs if p[1] > 0]),
        'medianMarketCap': statistics.median([v['cap'] for v in vals if v['cap'] is not None]),
    }


def prices(symbol):
    rows = list(csv.DictReader(open(os.path.join(ROOT, 'prices', f'{symbol}.csv'))))
    return [(r['Date'], float(r['Close']), float(r['AdjClose']) if r.get('AdjClose') else None) for r in rows]


def years_before(day, n):
    y, m, d = map(int, day.split('-'))
    try:
        return date(y - n, m, d).isoformat()
    except ValueError:
        return date(y - n, m, 28).isoformat()


def close_near(series, day, basis):
    found = [p for p in series if p[0] <= day]
    if not found or (date.fromisoformat(day) - date.fromisoformat(found[-1][0])).days > 7:
        return None
    return found[-1][2] if basis == 'adj' else found[-1][1]


def returns(symbols):
    series = {s: prices(s) for s in symbols}
    end = min(s[-1][0] for s in series.values())
    basis = 'adj' if all(p[2] is not None for s in series.values() for p in s) else 'close'
    out = {}
    for s, points in series.items():
        out[s] = {}
        for n in (1, 3, 5, 10):
            a, b = close_near(points, years_before(end, n), basis), close_near(points, end, basis)
            out[s][f'{n}y'] = None if a is None or b is None else (b / a) ** (1 / n) - 1
    return end, basis, out


def share(part, whole):
    total = sum(m['weight'] or 0 for m in whole.values())
    return sum(whole[t]['weight'] or 0 for t in part) / total


if __name__ == '__main__':
    iwm, iwm_figs, iwm_out = fund('IWM', 'IWM_holdings.csv')
    ijr, _, ijr_out = fund('IJR', 'IJR_holdings.csv')
    ivv, _, ivv_out = fund('IVV', 'IVV_holdings.csv')
    ijh = holdings('IJH_holdings.csv')
    for out in (iwm_out, ijr_out, ivv_out):
        print(json.dumps(out))
    print('returns', returns(['IWM', 'IJR', 'IVV']))
    common = set(iwm) & set(ijr)
    print('overlap', len(common), share(common, iwm), share(common, ijr))
    outside = [t for t in iwm if t not in ijr and t not in ijh]
    removed = [t for t in outside if iwm_figs[t]['eps'] is not None and iwm_figs[t]['eps'] < 0]
    print('earnings rule', {
        'count': len(removed),
        'weight': share(removed, iwm),
        'negativeEps': count([iwm_figs[t]['eps'] for t in outside], lambda e: e < 0),
        'outside': {'count': len(outside), 'weight': share(outside, iwm)},
        'zombies': count([iwm_figs[t]['zombie'] for t in removed if iwm_figs[t]['sector'] != 'Financials'], bool),
    })
