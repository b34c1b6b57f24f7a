import type { Occurrence } from '../../model/occurrence.js';
import { formatDate, formatUtc, formatWall } from '../../model/time.js';

/**
 * One line of `meeting-diet occurrences`: a stable contract that external checks depend on.
 * Keys and their order never change.
 */
export function formatOccurrenceLine(o: Occurrence): string {
  const fmt = o.allDay ? formatDate : o.floating ? formatWall : formatUtc;
  return JSON.stringify({
    uid: o.uid,
    start: fmt(o.startMs),
    end: fmt(o.endMs),
    all_day: o.allDay,
    summary: o.title,
    status: o.status.toUpperCase(),
  });
}
