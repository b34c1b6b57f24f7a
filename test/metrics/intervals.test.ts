import { describe, expect, it } from 'vitest';
import {
  type Interval,
  intersectionMs,
  intersectIntervals,
  mergeIntervals,
  overlappingIntervals,
  subtractIntervals,
  totalMs,
  unionMs,
} from '../../src/metrics/intervals.js';

const iv = (startMs: number, endMs: number): Interval => ({ startMs, endMs });

describe('metrics: intervals', () => {
  it('merges unsorted, overlapping and touching intervals and drops empty ones', () => {
    expect(mergeIntervals([iv(5, 7), iv(0, 2), iv(1, 3), iv(3, 4), iv(9, 9)])).toEqual([iv(0, 4), iv(5, 7)]);
  });

  it('merges sorted intervals with empty ones among them', () => {
    expect(mergeIntervals([iv(0, 2), iv(1, 1), iv(2, 3), iv(-5, -5), iv(4, 6), iv(5, 5)])).toEqual([iv(0, 3), iv(4, 6)]);
  });

  it('measures a union and an intersection as the lists they stand for would', () => {
    // A small generator, so the cases are the same on every run.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let round = 0; round < 200; round++) {
      const list = Array.from({ length: next(8) }, () => {
        const startMs = next(100);
        return iv(startMs, startMs + next(30) - 5);
      });
      const sorted = [...list].sort((a, b) => a.startMs - b.startMs);
      expect(unionMs(list)).toBe(totalMs(mergeIntervals(list)));
      expect(unionMs(sorted)).toBe(totalMs(mergeIntervals(sorted)));
      const other = mergeIntervals(Array.from({ length: next(5) }, () => iv(next(100), next(100))));
      expect(intersectionMs(mergeIntervals(list), other)).toBe(totalMs(intersectIntervals(mergeIntervals(list), other)));
    }
    expect(unionMs([])).toBe(0);
  });

  it('does not change the intervals it merges', () => {
    const input = [iv(0, 2), iv(1, 3)];
    mergeIntervals(input);
    expect(input).toEqual([iv(0, 2), iv(1, 3)]);
  });

  it('subtracts holes, overhangs and intervals that span several pieces', () => {
    expect(subtractIntervals([iv(0, 10), iv(20, 30)], [iv(-5, 1), iv(3, 4), iv(8, 22), iv(25, 26)])).toEqual([
      iv(1, 3),
      iv(4, 8),
      iv(22, 25),
      iv(26, 30),
    ]);
    expect(subtractIntervals([iv(0, 10)], [iv(0, 10)])).toEqual([]);
    expect(subtractIntervals([iv(0, 10)], [])).toEqual([iv(0, 10)]);
  });

  it('intersects two sorted lists', () => {
    expect(intersectIntervals([iv(0, 5), iv(8, 12)], [iv(3, 9), iv(11, 20)])).toEqual([iv(3, 5), iv(8, 9), iv(11, 12)]);
    expect(intersectIntervals([iv(0, 5)], [iv(5, 6)])).toEqual([]);
  });

  it('sums lengths', () => {
    expect(totalMs([iv(0, 5), iv(8, 12)])).toBe(9);
  });

  it('finds the intervals overlapping a range by binary search', () => {
    const sorted = [iv(0, 2), iv(3, 5), iv(6, 8), iv(9, 11)];
    expect(overlappingIntervals(sorted, iv(4, 7))).toEqual([iv(3, 5), iv(6, 8)]);
    expect(overlappingIntervals(sorted, iv(2, 3))).toEqual([]);
    expect(overlappingIntervals(sorted, iv(-10, 100))).toEqual(sorted);
  });
});
