/** Half-open time intervals [startMs, endMs) and set operations over sorted lists of them. */

export interface Interval {
  startMs: number;
  endMs: number;
}

/** Sum of the lengths of disjoint intervals, in ms. */
export function totalMs(intervals: readonly Interval[]): number {
  let sum = 0;
  for (const i of intervals) sum += i.endMs - i.startMs;
  return sum;
}

/**
 * The union as a sorted list of disjoint intervals. Touching intervals are joined: back-to-back
 * meetings leave no free time between them, so they form one block. Empty intervals are dropped.
 */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.startMs <= last.endMs) {
      if (i.endMs > last.endMs) last.endMs = i.endMs;
    } else {
      merged.push({ startMs: i.startMs, endMs: i.endMs });
    }
  }
  return merged;
}

/** `a ∩ b`, both sorted and disjoint (as `mergeIntervals` returns them). */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const startMs = Math.max(a[i].startMs, b[j].startMs);
    const endMs = Math.min(a[i].endMs, b[j].endMs);
    if (endMs > startMs) out.push({ startMs, endMs });
    if (a[i].endMs < b[j].endMs) i++;
    else j++;
  }
  return out;
}

/** `from − remove`, both sorted and disjoint. */
export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const f of from) {
    let cursor = f.startMs;
    while (j < remove.length && remove[j].endMs <= cursor) j++;
    let k = j;
    while (k < remove.length && remove[k].startMs < f.endMs) {
      if (remove[k].startMs > cursor) out.push({ startMs: cursor, endMs: remove[k].startMs });
      if (remove[k].endMs > cursor) cursor = remove[k].endMs;
      if (cursor >= f.endMs) break;
      k++;
    }
    if (cursor < f.endMs) out.push({ startMs: cursor, endMs: f.endMs });
  }
  return out;
}

/**
 * The intervals of a sorted, disjoint list that overlap `range`, found by binary search so that
 * slicing a person's whole year into weeks stays O(log n) per week.
 */
export function overlappingIntervals(sorted: readonly Interval[], range: Interval): Interval[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].endMs <= range.startMs) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end].startMs < range.endMs) end++;
  return sorted.slice(lo, end);
}
