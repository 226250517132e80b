// Which close a return is computed on: adjusted closes when every point of the series in use has one (for a
// comparison of two series: of both), else plain closes throughout, so a return never mixes the two.
import type { PricePoint } from './inputs.js';

export type PriceBasis = 'adjClose' | 'close';

/** Adjusted closes when every point of every given series has one, else plain closes. */
export function priceBasis(...series: readonly (readonly PricePoint[])[]): PriceBasis {
  return series.every((points) => points.every((p) => p.adjClose !== null)) ? 'adjClose' : 'close';
}

/** The point's price on the basis. */
export const priceOn = (p: PricePoint, basis: PriceBasis): number => (basis === 'adjClose' ? p.adjClose! : p.close);
