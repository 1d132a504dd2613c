/** Small helpers shared by the benchmarks. */

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) return NaN; // no values
  return sorted.length % 2 ? upper : round((sorted[middle - 1]! + upper) / 2);
}

/** Median, min and max of repeated measures. */
export function spread(values: number[]) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export { freePort } from '../test/helpers/free-port.js';
