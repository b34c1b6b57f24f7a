import type { Occurrence } from '../../model/occurrence.js';
import type { AuditWarning } from '../../model/warning.js';
import type { IcsCalendar } from './read-ics.js';
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

/** A calendar's contract lines with what sorting across files needs. */
export interface OccurrenceLines {
  path: string;
  lines: string[];
  startMs: number[];
  endMs: number[];
  uid: string[];
  warnings: AuditWarning[];
}

export function toOccurrenceLines(calendar: IcsCalendar): OccurrenceLines {
  const os = calendar.occurrences;
  return {
    path: calendar.path,
    lines: os.map(formatOccurrenceLine),
    startMs: os.map((o) => o.startMs),
    endMs: os.map((o) => o.endMs),
    uid: os.map((o) => o.uid),
    warnings: calendar.warnings,
  };
}
