import type { AgendaSignals, Attendee, Occurrence, Recurrence } from '../../model/occurrence.js';
import type { OccurrenceTable, OccurrenceTemplate } from './occurrence-table.js';
import { detachString } from './parse.js';
import type { IcsCalendarTable } from './read-ics.js';

/**
 * Occurrence tables sent between threads as numbers. Posting templates as objects would copy every
 * string and attendee of every file (structured clone shares nothing between messages), and the
 * receiver would then have to find the duplicates again: the same meeting is in every attendee's
 * export. Instead each sending thread numbers the strings, attendees, attendee lists, agendas and
 * recurrence rules it has sent and sends each only once; templates are rows of those numbers.
 * Messages from one sender arrive in order, so the receiver's tables stay in step.
 */
export interface EncodedCalendar {
  info: Omit<IcsCalendarTable, 'table'>;
  /** New strings, numbered on from the sender's earlier messages. */
  strings: string[];
  /** New attendees, ATTENDEE_FIELDS numbers each (see encodeAttendee). */
  attendees: Int32Array;
  /** New attendee lists: length, then that many attendee numbers. */
  lists: Int32Array;
  /** New agendas, AGENDA_FIELDS numbers each. */
  agendas: Int32Array;
  /** New recurrences, RECURRENCE_FIELDS numbers each. */
  recurrences: Float64Array;
  /** TEMPLATE_FIELDS numbers per template. */
  templates: Float64Array;
  template: Uint32Array;
  startMs: Float64Array;
  endMs: Float64Array;
  recurrenceIdMs: Float64Array;
}

const ATTENDEE_FIELDS = 5; // email, name (-1: null), response, role, isResource
const AGENDA_FIELDS = 4; // textLength, attachmentCount, hasNoteTaker, text
const RECURRENCE_FIELDS = 4; // cadence, perWeek, hasEnd, rule
const TEMPLATE_FIELDS = 23;
const NONE = -1;

/** One sending thread's numbering. */
export class TableEncoder {
  private readonly stringIds = new Map<string, number>();
  private readonly attendeeIds: number[][] = []; // by email id: [name, response, role, isResource, id]...
  private attendeeCount = 0;
  private readonly listIds = new Map<string, number>();
  // Weak: an agenda made for one event (with attachments) is not kept alive by having been sent.
  private readonly agendaIds = new WeakMap<AgendaSignals, number>();
  private agendaCount = 0;
  private readonly recurrenceIds = new Map<string, number>();
  // What the message being built adds.
  private strings: string[] = [];
  private attendees: number[] = [];
  private lists: number[] = [];
  private agendas: number[] = [];
  private recurrences: number[] = [];

  encode(cal: IcsCalendarTable): EncodedCalendar {
    const { table, ...info } = cal;
    const templates = new Float64Array(table.templates.length * TEMPLATE_FIELDS);
    table.templates.forEach((t, i) => this.encodeTemplate(t, templates, i * TEMPLATE_FIELDS));
    const out: EncodedCalendar = {
      info,
      strings: this.strings,
      attendees: Int32Array.from(this.attendees),
      lists: Int32Array.from(this.lists),
      agendas: Int32Array.from(this.agendas),
      recurrences: Float64Array.from(this.recurrences),
      templates,
      template: table.template,
      startMs: table.startMs,
      endMs: table.endMs,
      recurrenceIdMs: table.recurrenceIdMs,
    };
    this.strings = [];
    this.attendees = [];
    this.lists = [];
    this.agendas = [];
    this.recurrences = [];
    return out;
  }

  private str(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      const own = detachString(s); // kept as a key: not a slice of a file's text
      id = this.stringIds.size;
      this.stringIds.set(own, id);
      this.strings.push(own);
    }
    return id;
  }

  private strOrNone(s: string | null): number {
    return s === null ? NONE : this.str(s);
  }

  private attendee(a: Attendee): number {
    const email = this.str(a.email);
    const name = this.strOrNone(a.name);
    const response = this.str(a.response);
    const role = this.str(a.role);
    const resource = a.isResource ? 1 : 0;
    const variants = (this.attendeeIds[email] ??= []);
    for (let k = 0; k < variants.length; k += 5) {
      if (variants[k] === name && variants[k + 1] === response && variants[k + 2] === role && variants[k + 3] === resource) return variants[k + 4];
    }
    const id = this.attendeeCount++;
    variants.push(name, response, role, resource, id);
    this.attendees.push(email, name, response, role, resource);
    return id;
  }

  private list(l: Attendee[]): number {
    const ids = l.map((a) => this.attendee(a));
    const key = ids.join(',');
    let id = this.listIds.get(key);
    if (id === undefined) {
      id = this.listIds.size;
      this.listIds.set(key, id);
      this.lists.push(ids.length, ...ids);
    }
    return id;
  }

  private agenda(a: AgendaSignals): number {
    let id = this.agendaIds.get(a);
    if (id === undefined) {
      id = this.agendaCount++;
      this.agendaIds.set(a, id);
      this.agendas.push(a.textLength, a.attachmentCount, a.hasNoteTaker ? 1 : 0, this.str(a.text));
    }
    return id;
  }

  private recurrence(r: Recurrence | null): number {
    if (r === null) return NONE;
    const cadence = this.str(r.cadence);
    const rule = this.str(r.rule);
    const key = `${cadence},${r.perWeek},${r.hasEnd ? 1 : 0},${rule}`;
    let id = this.recurrenceIds.get(key);
    if (id === undefined) {
      id = this.recurrenceIds.size;
      this.recurrenceIds.set(key, id);
      this.recurrences.push(cadence, r.perWeek, r.hasEnd ? 1 : 0, rule);
    }
    return id;
  }

  /** Origins are "<calendarId>:<line>", one per template: send -2 - line rather than a new string. */
  private origin(origin: string, calendarId: string): number {
    const n = calendarId.length;
    if (origin.length > n + 1 && origin.length <= n + 10 && origin.charCodeAt(n) === 0x3a && origin.startsWith(calendarId)) {
      let line = 0;
      for (let i = n + 1; i < origin.length; i++) {
        const d = origin.charCodeAt(i) - 48;
        if (d < 0 || d > 9 || (d === 0 && i === n + 1)) return this.str(origin);
        line = line * 10 + d;
      }
      return -2 - line;
    }
    return this.str(origin);
  }

  private encodeTemplate(t: OccurrenceTemplate, out: Float64Array, at: number): void {
    out[at] = this.str(t.source);
    out[at + 1] = this.str(t.calendarId);
    out[at + 2] = this.strOrNone(t.ownerEmail);
    out[at + 3] = this.str(t.uid);
    out[at + 4] = this.strOrNone(t.seriesId);
    out[at + 5] = this.recurrence(t.recurrence);
    out[at + 6] = t.allDay ? 1 : 0;
    out[at + 7] = t.floating ? 1 : 0;
    out[at + 8] = this.strOrNone(t.timeZone);
    out[at + 9] = this.str(t.title);
    out[at + 10] = t.isPrivate ? 1 : 0;
    out[at + 11] = this.strOrNone(t.organizer);
    out[at + 12] = this.list(t.attendees);
    out[at + 13] = this.str(t.selfResponse);
    out[at + 14] = this.str(t.showAs);
    out[at + 15] = this.str(t.status);
    out[at + 16] = this.str(t.eventType);
    out[at + 17] = this.agenda(t.agenda);
    out[at + 18] = t.createdMs ?? NaN;
    out[at + 19] = t.lastModifiedMs ?? NaN;
    out[at + 20] = this.origin(t.origin, t.calendarId);
    out[at + 21] = this.str(t.kind);
    out[at + 22] = this.strOrNone(t.excludedReason);
  }
}

/**
 * The receiving side. Keeps each sender's numbering, and one set of strings across senders (two
 * threads reading different exports of the same meeting end up with one copy of its strings).
 */
export class TableDecoder {
  private readonly canonical = new Map<string, string>();
  private readonly senders = new Map<unknown, SenderState>();

  decode(sender: unknown, e: EncodedCalendar): IcsCalendarTable {
    let s = this.senders.get(sender);
    if (!s) this.senders.set(sender, (s = { strings: [], attendees: [], lists: [], agendas: [], recurrences: [] }));
    for (const str of e.strings) {
      let c = this.canonical.get(str);
      if (c === undefined) this.canonical.set(str, (c = str));
      s.strings.push(c);
    }
    const { strings } = s;
    const strOrNull = (id: number): string | null => (id === NONE ? null : strings[id]);
    for (let k = 0; k < e.attendees.length; k += ATTENDEE_FIELDS) {
      const a = e.attendees;
      s.attendees.push({
        email: strings[a[k]],
        name: strOrNull(a[k + 1]),
        response: strings[a[k + 2]] as Attendee['response'],
        role: strings[a[k + 3]] as Attendee['role'],
        isResource: a[k + 4] === 1,
      });
    }
    for (let k = 0; k < e.lists.length; ) {
      const n = e.lists[k++];
      const list: Attendee[] = new Array(n);
      for (let i = 0; i < n; i++) list[i] = s.attendees[e.lists[k++]];
      s.lists.push(list);
    }
    for (let k = 0; k < e.agendas.length; k += AGENDA_FIELDS) {
      const a = e.agendas;
      s.agendas.push({ textLength: a[k], text: strings[a[k + 3]], attachmentCount: a[k + 1], hasNoteTaker: a[k + 2] === 1 });
    }
    for (let k = 0; k < e.recurrences.length; k += RECURRENCE_FIELDS) {
      const r = e.recurrences;
      s.recurrences.push({ cadence: strings[r[k]] as Recurrence['cadence'], perWeek: r[k + 1], hasEnd: r[k + 2] === 1, rule: strings[r[k + 3]] });
    }
    const n = e.templates.length / TEMPLATE_FIELDS;
    const templates: OccurrenceTemplate[] = new Array(n);
    const t = e.templates;
    for (let i = 0, at = 0; i < n; i++, at += TEMPLATE_FIELDS) {
      const calendarId = strings[t[at + 1]];
      const origin = t[at + 20];
      templates[i] = {
        source: strings[t[at]] as Occurrence['source'],
        calendarId,
        ownerEmail: strOrNull(t[at + 2]),
        uid: strings[t[at + 3]],
        seriesId: strOrNull(t[at + 4]),
        recurrence: t[at + 5] === NONE ? null : s.recurrences[t[at + 5]],
        allDay: t[at + 6] === 1,
        floating: t[at + 7] === 1,
        timeZone: strOrNull(t[at + 8]),
        title: strings[t[at + 9]],
        isPrivate: t[at + 10] === 1,
        organizer: strOrNull(t[at + 11]),
        attendees: s.lists[t[at + 12]],
        selfResponse: strings[t[at + 13]] as Occurrence['selfResponse'],
        showAs: strings[t[at + 14]] as Occurrence['showAs'],
        status: strings[t[at + 15]] as Occurrence['status'],
        eventType: strings[t[at + 16]] as Occurrence['eventType'],
        agenda: s.agendas[t[at + 17]],
        createdMs: Number.isNaN(t[at + 18]) ? null : t[at + 18],
        lastModifiedMs: Number.isNaN(t[at + 19]) ? null : t[at + 19],
        origin: origin <= -2 ? `${calendarId}:${-2 - origin}` : strings[origin],
        kind: strings[t[at + 21]] as Occurrence['kind'],
        excludedReason: strOrNull(t[at + 22]),
      };
    }
    const table: OccurrenceTable = { templates, template: e.template, startMs: e.startMs, endMs: e.endMs, recurrenceIdMs: e.recurrenceIdMs };
    return { ...e.info, table };
  }
}

interface SenderState {
  strings: string[];
  attendees: Attendee[];
  lists: Attendee[][];
  agendas: AgendaSignals[];
  recurrences: Recurrence[];
}
