import type { Occurrence } from '../../model/occurrence.js';
import type { AuditWarning } from '../../model/warning.js';
import type { IcsCalendar, IcsCalendarTable } from './read-ics.js';
import type { OccurrenceTemplate } from './occurrence-table.js';
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

/**
 * The same lines from a table. Each template's fixed parts are serialized once; the times are
 * formatted as digits and separators only, so the text equals formatOccurrenceLine's JSON.stringify.
 */
export function tableToOccurrenceLines(calendar: IcsCalendarTable): OccurrenceLines {
  const { templates, template, startMs, endMs } = calendar.table;
  const parts = templates.map(lineParts);
  const n = template.length;
  const out: OccurrenceLines = { path: calendar.path, lines: new Array(n), startMs: new Array(n), endMs: new Array(n), uid: new Array(n), warnings: calendar.warnings };
  for (let i = 0; i < n; i++) {
    const p = parts[template[i]];
    const s = startMs[i];
    const e = endMs[i];
    out.lines[i] = `${p.head}${p.fmt(s)}","end":"${p.fmt(e)}${p.tail}`;
    out.startMs[i] = s;
    out.endMs[i] = e;
    out.uid[i] = templates[template[i]].uid;
  }
  return out;
}

function lineParts(t: OccurrenceTemplate): { head: string; tail: string; fmt: (ms: number) => string } {
  return {
    head: `{"uid":${JSON.stringify(t.uid)},"start":"`,
    tail: `","all_day":${t.allDay},"summary":${JSON.stringify(t.title)},"status":${JSON.stringify(t.status.toUpperCase())}}`,
    fmt: t.allDay ? formatDate : t.floating ? formatWall : formatUtc,
  };
}
