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
  const sorted = isSortedByStart(intervals) ? intervals : intervals.filter(isNonEmpty).sort((a, b) => a.startMs - b.startMs);
  const merged: Interval[] = [];
  for (const i of sorted) {
    if (!isNonEmpty(i)) continue;
    const last = merged[merged.length - 1];
    if (last && i.startMs <= last.endMs) {
      if (i.endMs > last.endMs) last.endMs = i.endMs;
    } else {
      merged.push({ startMs: i.startMs, endMs: i.endMs });
    }
  }
  return merged;
}

/** `totalMs(mergeIntervals(intervals))`, without making the merged list. */
export function unionMs(intervals: readonly Interval[]): number {
  if (!isSortedByStart(intervals)) return totalMs(mergeIntervals(intervals));
  let sum = 0;
  let startMs = NaN;
  let endMs = NaN;
  for (const i of intervals) {
    if (!isNonEmpty(i)) continue;
    if (i.startMs <= endMs) {
      if (i.endMs > endMs) endMs = i.endMs;
    } else {
      if (startMs === startMs) sum += endMs - startMs;
      startMs = i.startMs;
      endMs = i.endMs;
    }
  }
  return startMs === startMs ? sum + (endMs - startMs) : sum;
}

const isNonEmpty = (i: Interval): boolean => i.endMs > i.startMs;

/** Whether the non-empty intervals are in start order already (meetings mostly are), so sorting would keep them as they are. */
function isSortedByStart(intervals: readonly Interval[]): boolean {
  let last = -Infinity;
  for (const i of intervals) {
    if (!isNonEmpty(i)) continue;
    if (i.startMs < last) return false;
    last = i.startMs;
  }
  return true;
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

/** `totalMs(intersectIntervals(a, b))`, without making the intersection. */
export function intersectionMs(a: readonly Interval[], b: readonly Interval[]): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const startMs = Math.max(a[i].startMs, b[j].startMs);
    const endMs = Math.min(a[i].endMs, b[j].endMs);
    if (endMs > startMs) sum += endMs - startMs;
    if (a[i].endMs < b[j].endMs) i++;
    else j++;
  }
  return sum;
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
