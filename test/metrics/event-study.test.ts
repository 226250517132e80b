import { describe, expect, it } from 'vitest';
import { averageEventPath, eventStudy } from '../../src/metrics/event-study.js';
import { alignPairs, logReturns } from '../../src/metrics/trump-trade.js';
import { OCT_IWM_POINTS, OCT_ODDS_POINTS, OCT_SPY_POINTS } from './oct-2024.js';

// Expected values computed independently with python3: the three largest |odds change| days (ties: earlier first),
// and for each, ln(close[D−5+k] / close[D−6]) for k = 0..10 on the trading-day index, IWM and IWM − SPY.
const close = (v: number) => expect.closeTo(v, 12);
const pairs = alignPairs(logReturns(OCT_IWM_POINTS, 'close'), OCT_ODDS_POINTS);

describe('event study', () => {
  const events = eventStudy(pairs, OCT_IWM_POINTS, OCT_SPY_POINTS, 3);

  it('takes the largest absolute odds changes, largest first, earlier day first on ties', () => {
    // −10 on 10-16, +8 on 10-15, then three days of +6 (10-08, 10-17, 10-22): 10-08 is the earliest.
    expect(events.map((e) => [e.date, e.change])).toEqual([
      ['2024-10-16', close(-10)],
      ['2024-10-15', close(8)],
      ['2024-10-08', close(6)],
    ]);
  });

  it('gives 11 cumulative log moves from the close of D−6, IWM and IWM − SPY', () => {
    expect(events[1]!.iwm).toEqual(
      [
        0.028987536873252187, 0.019418085857101516, 0.014598799421152631, 0.03846628082779614, 0.05251803428344644, 0.04785602117763514,
        0.04317217186520878, 0.06637506894487259, 0.0755075525081451, 0.0709517359722844, 0.08455738802806297,
      ].map(close),
    );
    expect(events[1]!.rel).toEqual(
      [
        0.02701320256953458, 0.021396325869207224, 0.008687452158095466, 0.03059222439689028, 0.040730078531404264, 0.03802310026139631,
        0.02554194048893828, 0.046804972750775296, 0.057877321131874604, 0.0475131630002668, 0.05726524574005541,
      ].map(close),
    );
  });

  it('leaves null where the window runs past the prices: D+5 after the last day, or D−6 before the first', () => {
    expect(events[0]!.iwm.slice(8)).toEqual([close(0.04196419909903221), close(0.055569851154810786), null]);
    expect(events[0]!.rel[9]).toBeCloseTo(0.030252043170521, 12);
    // 10-08 is the 6th trading day: D−6 would be before 10-01.
    expect(events[2]!.iwm).toEqual(Array(11).fill(null));
  });

  it('has a null relative path without a benchmark, and no events when none are asked for', () => {
    expect(eventStudy(pairs, OCT_IWM_POINTS, null, 1)[0]!.rel).toEqual(Array(11).fill(null));
    expect(eventStudy(pairs, OCT_IWM_POINTS, OCT_SPY_POINTS, 0)).toEqual([]);
  });

  it('averages the paths signed by the jump (a fall negated), per offset over the events with a value', () => {
    expect(averageEventPath(events, 'iwm')).toEqual(
      [
        0.01927849394470143, 0.016903411654600537, 0.002560027733304446, 0.007467891708801053, 0.016824774989531853, 0.01683569309283938,
        0.002892319896794185, 0.009927526654989843, 0.016771676704556447, 0.007690942408736804, 0.08455738802806297,
      ].map(close),
    );
    expect(averageEventPath(events, 'rel')[10]).toBeCloseTo(0.05726524574005541, 12);
    expect(averageEventPath([], 'iwm')).toEqual(Array(11).fill(null));
  });
});
