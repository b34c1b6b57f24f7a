import type { Occurrence } from '../../model/occurrence.js';

/**
 * Everything about an occurrence but its times. Every instance of a series with the same event
 * (master or override), source line and classification shares one template.
 */
export type OccurrenceTemplate = Omit<Occurrence, 'startMs' | 'endMs' | 'recurrenceIdMs'>;

/**
 * One calendar's occurrences as columns over shared templates, sorted by start, then uid, then
 * end. A 52-week export holds about 750 occurrences but only about 300 templates, so this is far
 * smaller than occurrence objects, and the columns are typed arrays: a worker thread hands them
 * to the main thread without copying (see `tableTransferList`).
 */
export interface OccurrenceTable {
  templates: OccurrenceTemplate[];
  /** Index into `templates`, per occurrence. */
  template: Uint32Array;
  startMs: Float64Array;
  endMs: Float64Array;
  /** RECURRENCE-ID of the instance, NaN for none (null in the occurrence). */
  recurrenceIdMs: Float64Array;
}

/** The one output order of occurrences: start, then uid, then end. */
export function compareOccurrenceKeys(startA: number, uidA: string, endA: number, startB: number, uidB: string, endB: number): number {
  return startA - startB || (uidA < uidB ? -1 : uidA > uidB ? 1 : 0) || endA - endB;
}

/** Collects occurrences as they are expanded; `build` sorts them into a table. */
export class OccurrenceTableBuilder {
  readonly templates: OccurrenceTemplate[] = [];
  private readonly tpl: number[] = [];
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly rid: number[] = [];

  /** Registers a template; returns its index for `add`. */
  addTemplate(t: OccurrenceTemplate): number {
    return this.templates.push(t) - 1;
  }

  add(template: number, startMs: number, endMs: number, recurrenceIdMs: number | null): void {
    this.tpl.push(template);
    this.start.push(startMs);
    this.end.push(endMs);
    this.rid.push(recurrenceIdMs ?? NaN);
  }

  /** Sorted by start, uid, end; ties keep the order of expansion (as a stable sort of the occurrences would). */
  build(): OccurrenceTable {
    const { tpl, start, end, rid, templates } = this;
    const n = tpl.length;
    const order = new Array<number>(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      if (sorted && i > 0 && this.compare(i - 1, i) > 0) sorted = false;
    }
    if (!sorted) order.sort((a, b) => this.compare(a, b) || a - b);
    const table: OccurrenceTable = {
      templates,
      template: new Uint32Array(n),
      startMs: new Float64Array(n),
      endMs: new Float64Array(n),
      recurrenceIdMs: new Float64Array(n),
    };
    for (let k = 0; k < n; k++) {
      const i = order[k];
      table.template[k] = tpl[i];
      table.startMs[k] = start[i];
      table.endMs[k] = end[i];
      table.recurrenceIdMs[k] = rid[i];
    }
    return table;
  }

  private compare(i: number, k: number): number {
    const { start, end, tpl, templates } = this;
    const d = start[i] - start[k];
    if (d !== 0) return d;
    return compareOccurrenceKeys(start[i], templates[tpl[i]].uid, end[i], start[k], templates[tpl[k]].uid, end[k]);
  }
}

/** The occurrence at row `i`. The same property order everywhere keeps one object shape. */
export function occurrenceFrom(t: OccurrenceTemplate, startMs: number, endMs: number, recurrenceIdMs: number): Occurrence {
  return {
    source: t.source,
    calendarId: t.calendarId,
    ownerEmail: t.ownerEmail,
    uid: t.uid,
    seriesId: t.seriesId,
    recurrence: t.recurrence,
    recurrenceIdMs: Number.isNaN(recurrenceIdMs) ? null : recurrenceIdMs,
    startMs,
    endMs,
    allDay: t.allDay,
    floating: t.floating,
    timeZone: t.timeZone,
    title: t.title,
    isPrivate: t.isPrivate,
    organizer: t.organizer,
    attendees: t.attendees,
    selfResponse: t.selfResponse,
    showAs: t.showAs,
    status: t.status,
    eventType: t.eventType,
    agenda: t.agenda,
    createdMs: t.createdMs,
    lastModifiedMs: t.lastModifiedMs,
    origin: t.origin,
    kind: t.kind,
    excludedReason: t.excludedReason,
  };
}

/** Every row as an occurrence object, in table order. */
export function occurrencesOf(table: OccurrenceTable): Occurrence[] {
  const n = table.template.length;
  const out = new Array<Occurrence>(n);
  for (let i = 0; i < n; i++) {
    out[i] = occurrenceFrom(table.templates[table.template[i]], table.startMs[i], table.endMs[i], table.recurrenceIdMs[i]);
  }
  return out;
}

/** The buffers to move (not copy) when a table is posted to another thread. */
export function tableTransferList(table: OccurrenceTable): ArrayBuffer[] {
  return [table.template.buffer, table.startMs.buffer, table.endMs.buffer, table.recurrenceIdMs.buffer] as ArrayBuffer[];
}
