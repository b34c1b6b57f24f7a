import { readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_DEFINITIONS, type Definitions } from '../../model/definitions.js';
import { ConnectorError } from '../../model/errors.js';
import type { AgendaSignals, Attendee, Occurrence, Recurrence } from '../../model/occurrence.js';
import type { AuditWarning } from '../../model/warning.js';
import { expandSeries, type ExpandContext } from './expand.js';
import { compareOccurrenceKeys, occurrencesOf, OccurrenceTableBuilder, type OccurrenceTable } from './occurrence-table.js';
import { emailOf } from './values.js';
import { detachString, firstProperty, parseIcs, type IcsComponent } from './parse.js';
import type { OccurrenceTemplate } from './occurrence-table.js';
import { createZoneResolver, ianaNameFor, ianaZone, type Zone } from './zones.js';

export interface ReadIcsOptions {
  /** Window [fromMs, toMs): occurrences starting in it are returned. */
  fromMs: number;
  toMs: number;
  /** Whose calendar this is; guessed from the file when absent (X-WR-CALNAME, file name, attendees). */
  ownerEmail?: string | null;
  /** IANA zone for floating times when the file has no X-WR-TIMEZONE (the person's zone). */
  timeZone?: string | null;
  definitions?: Definitions;
  /** Occurrences kept per series inside the window (protects against FREQ=SECONDLY and the like). */
  maxOccurrencesPerSeries?: number;
  /** RRULE steps taken per series before giving up on reaching the window. */
  maxIterationsPerSeries?: number;
  /**
   * Copy the result's strings out of the file's text (default true). Only a caller that copies
   * them anyway (TableEncoder, for another thread) turns this off.
   */
  detach?: boolean;
  /**
   * Read only what the `occurrences` contract prints (uid, times, title, status), for that command:
   * attendees, organizer, agenda, creation time and busy status are not read, so the occurrences
   * carry none of them and their classification is not meaningful.
   */
  contractOnly?: boolean;
}

export interface IcsCalendar extends IcsCalendarInfo {
  /** Sorted by start, then uid, then end. */
  occurrences: Occurrence[];
}

/** A calendar read with its occurrences as a table (see OccurrenceTable): what threads pass around. */
export interface IcsCalendarTable extends IcsCalendarInfo {
  table: OccurrenceTable;
}

export interface IcsCalendarInfo {
  path: string;
  calendarName: string | null;
  ownerEmail: string | null;
  /** The calendar's X-WR-TIMEZONE as an IANA name, when it has one. */
  timeZone: string | null;
  /** VEVENTs read (masters and overrides). */
  eventCount: number;
  warnings: AuditWarning[];
}

export const DEFAULT_MAX_OCCURRENCES_PER_SERIES = 50_000;
export const DEFAULT_MAX_ITERATIONS_PER_SERIES = 2_000_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export { compareOccurrenceKeys };

export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return compareOccurrenceKeys(a.startMs, a.uid, a.endMs, b.startMs, b.uid, b.endMs);
}

/**
 * Reads one .ics export. Throws ConnectorError (kind "parse") only when the bytes are not
 * iCalendar at all; a broken event is reported in `warnings` and skipped.
 */
export function readIcsBytes(bytes: Uint8Array, path: string, options: ReadIcsOptions): IcsCalendar {
  const { table, ...info } = readIcsTable(bytes, path, options);
  return { ...info, occurrences: occurrencesOf(table) };
}

/** Like readIcsBytes, with the occurrences as a table. */
export function readIcsTable(bytes: Uint8Array, path: string, options: ReadIcsOptions): IcsCalendarTable {
  const wanted = options.contractOnly ? CONTRACT_PROPERTIES : EVENT_PROPERTIES;
  const parsed = parseIcs(bytes, { keepEventProperty: (name) => wanted.has(name) });
  if (parsed.calendars.length === 0) {
    const firstLine = Buffer.from(bytes.subarray(0, 200)).toString('utf8').split(/\r?\n/)[0] ?? '';
    throw new ConnectorError(
      'ics',
      'parse',
      `${path}:1: not an iCalendar file (no BEGIN:VCALENDAR found; the file starts with ${JSON.stringify(firstLine.slice(0, 60))})`,
    );
  }
  const warnings: AuditWarning[] = parsed.problems.map((p) => ({ code: 'bad-line', location: `${path}:${p.line}`, message: p.message }));
  const events = parsed.calendars.flatMap((c) => c.children.filter((x) => x.name === 'VEVENT'));
  const calendarName = textOf(parsed.calendars[0], 'X-WR-CALNAME');
  const ownerEmail = options.ownerEmail?.toLowerCase() ?? guessOwner(calendarName, path, events);
  let calendarZone: string | null = null;
  const table = new OccurrenceTableBuilder();
  for (const cal of parsed.calendars) {
    collectProblems(cal, path, warnings);
    const wrZone = textOf(cal, 'X-WR-TIMEZONE');
    let floatingZone: Zone | null = null;
    if (wrZone) {
      const iana = ianaNameFor(wrZone);
      if (iana) {
        floatingZone = ianaZone(iana);
        calendarZone ??= iana;
      } else {
        warnings.push({ code: 'unknown-time-zone', location: `${path}:${firstProperty(cal, 'X-WR-TIMEZONE')!.line}`, message: `X-WR-TIMEZONE "${wrZone}" is not a known time zone; ignored` });
      }
    }
    if (!floatingZone && options.timeZone) floatingZone = ianaZone(options.timeZone);
    const ctx: ExpandContext = {
      fromMs: options.fromMs,
      toMs: options.toMs,
      floatingZone,
      resolveZone: createZoneResolver(cal.children.filter((c) => c.name === 'VTIMEZONE')),
      ownerEmail,
      method: textOf(cal, 'METHOD')?.toUpperCase() ?? null,
      agenda: !options.contractOnly,
      calendarId: path,
      origin: path,
      definitions: options.definitions ?? DEFAULT_DEFINITIONS,
      maxOccurrencesPerSeries: options.maxOccurrencesPerSeries ?? DEFAULT_MAX_OCCURRENCES_PER_SERIES,
      maxIterationsPerSeries: options.maxIterationsPerSeries ?? DEFAULT_MAX_ITERATIONS_PER_SERIES,
      warn: (w) => warnings.push(w),
      warnedZones: new Set(),
      table,
      templates: new Map(),
    };
    for (const [key, group] of groupByUid(cal, ctx)) {
      const uid = key.startsWith('\u0000') ? '' : key;
      expandSeries(ctx, uid, group.master, group.overrides);
    }
  }
  const result = { path, calendarName, ownerEmail, timeZone: calendarZone, eventCount: events.length, table: table.build(), warnings };
  return options.detach === false ? result : detachCalendar(result);
}

/** The VEVENT properties this reader uses (parseIcs drops the rest, such as Outlook's X-ALT-DESC HTML). */
const EVENT_PROPERTIES = new Set([
  'UID', 'RECURRENCE-ID', 'SEQUENCE', 'LAST-MODIFIED', 'DTSTAMP', 'CREATED', 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE',
  'EXDATE', 'EXRULE', 'SUMMARY', 'DESCRIPTION', 'CLASS', 'STATUS', 'TRANSP', 'X-MICROSOFT-CDO-BUSYSTATUS', 'ORGANIZER',
  'ATTENDEE', 'ATTACH',
]);

/** What the `occurrences` contract needs (see ReadIcsOptions.contractOnly): the times, SUMMARY, CLASS, STATUS, and what tells a newer copy. */
const CONTRACT_PROPERTIES = new Set(
  [...EVENT_PROPERTIES].filter((name) => !['ATTENDEE', 'ORGANIZER', 'DESCRIPTION', 'ATTACH', 'CREATED', 'TRANSP', 'X-MICROSOFT-CDO-BUSYSTATUS'].includes(name)),
);

/**
 * The result with every string copied out of the file's text: parsed values are slices of 64 KB
 * pieces of the file (see detachString), and a result that kept a slice would keep its piece.
 */
function detachCalendar(cal: IcsCalendarTable): IcsCalendarTable {
  const strings = new Map<string, string>();
  const str = (v: string): string => {
    if (v.length < 13) return v;
    let c = strings.get(v);
    if (c === undefined) strings.set(v, (c = detachString(v)));
    return c;
  };
  const strOrNull = (v: string | null): string | null => (v === null ? null : str(v));
  const lists = new Map<Attendee[], Attendee[]>();
  const agendas = new Map<AgendaSignals, AgendaSignals>();
  const recurrences = new Map<Recurrence, Recurrence>();
  const list = (l: Attendee[]): Attendee[] => {
    let c = lists.get(l);
    if (!c) lists.set(l, (c = l.map((a) => ({ email: str(a.email), name: strOrNull(a.name), response: a.response, role: a.role, isResource: a.isResource }))));
    return c;
  };
  const agenda = (a: AgendaSignals): AgendaSignals => {
    let c = agendas.get(a);
    if (!c) agendas.set(a, (c = a.text.length < 13 ? a : { ...a, text: str(a.text) }));
    return c;
  };
  const recurrence = (r: Recurrence | null): Recurrence | null => {
    if (r === null) return null;
    let c = recurrences.get(r);
    if (!c) recurrences.set(r, (c = { ...r, rule: str(r.rule) }));
    return c;
  };
  const template = (t: OccurrenceTemplate): OccurrenceTemplate => ({
    ...t,
    ownerEmail: strOrNull(t.ownerEmail),
    uid: str(t.uid),
    seriesId: strOrNull(t.seriesId),
    recurrence: recurrence(t.recurrence),
    timeZone: strOrNull(t.timeZone),
    title: str(t.title),
    organizer: strOrNull(t.organizer),
    attendees: list(t.attendees),
    agenda: agenda(t.agenda),
  });
  return {
    ...cal,
    calendarName: strOrNull(cal.calendarName),
    ownerEmail: strOrNull(cal.ownerEmail),
    timeZone: strOrNull(cal.timeZone),
    table: { ...cal.table, templates: cal.table.templates.map(template) },
    warnings: cal.warnings.map((w) => ({ code: w.code, location: detachString(w.location), message: detachString(w.message) })),
  };
}

function textOf(comp: IcsComponent, name: string): string | null {
  const v = firstProperty(comp, name)?.value.trim();
  return v ? v : null;
}

function collectProblems(comp: IcsComponent, path: string, out: AuditWarning[]): void {
  for (const p of comp.problems) out.push({ code: 'bad-line', location: `${path}:${p.line}`, message: `${comp.name}: ${p.message}` });
  for (const c of comp.children) collectProblems(c, path, out);
}

/**
 * Groups VEVENTs by UID before expanding: ical.js would otherwise relate every RECURRENCE-ID in
 * the file to every master (stack.md 4.2), and the scan is quadratic.
 */
function groupByUid(cal: IcsComponent, ctx: ExpandContext): Map<string, { master: IcsComponent | null; overrides: IcsComponent[] }> {
  const groups = new Map<string, { master: IcsComponent | null; overrides: IcsComponent[] }>();
  for (const ev of cal.children) {
    if (ev.name !== 'VEVENT') continue;
    const uidProp = firstProperty(ev, 'UID');
    const uid = uidProp?.value.trim() ?? '';
    // Events without a UID cannot be related to anything: each stands alone.
    const key = uid || `\u0000${ev.line}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { master: null, overrides: [] }));
    if (firstProperty(ev, 'RECURRENCE-ID')) g.overrides.push(ev);
    else if (!g.master) g.master = ev;
    else {
      const keep = newerOf(g.master, ev);
      ctx.warn({
        code: 'duplicate-uid',
        location: `${ctx.origin}:${ev.line}`,
        message: `UID "${uid}" is defined again (first at line ${g.master.line}); the version with the higher SEQUENCE / later LAST-MODIFIED (line ${keep.line}) is used`,
      });
      g.master = keep;
    }
  }
  return groups;
}

function newerOf(a: IcsComponent, b: IcsComponent): IcsComponent {
  const seq = (c: IcsComponent) => Number.parseInt(firstProperty(c, 'SEQUENCE')?.value ?? '0', 10) || 0;
  if (seq(a) !== seq(b)) return seq(a) > seq(b) ? a : b;
  const mod = (c: IcsComponent) => firstProperty(c, 'LAST-MODIFIED')?.value ?? firstProperty(c, 'DTSTAMP')?.value ?? '';
  return mod(a) > mod(b) ? a : b;
}

/** The owner of an export: X-WR-CALNAME or the file name when they are an address, else the most frequent participant. */
function guessOwner(calendarName: string | null, path: string, events: IcsComponent[]): string | null {
  if (calendarName && EMAIL.test(calendarName)) return calendarName.toLowerCase();
  const file = basename(path).replace(/\.ics$/i, '');
  if (EMAIL.test(file)) return file.toLowerCase();
  const counts = new Map<string, number>();
  let withPeople = 0;
  for (const ev of events) {
    const seen = new Set<string>();
    for (const p of ev.properties) if (p.name === 'ATTENDEE' || p.name === 'ORGANIZER') seen.add(emailOf(p.value));
    if (seen.size === 0) continue;
    withPeople++;
    for (const e of seen) counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [e, n] of counts) if (n > bestCount) [best, bestCount] = [e, n];
  return best && withPeople >= 3 && bestCount >= withPeople * 0.8 ? best : null;
}

export async function readIcsFile(path: string, options: ReadIcsOptions): Promise<IcsCalendar> {
  return readIcsBytes(await readBytes(path), path, options);
}

/** Like readIcsFile, with the occurrences as a table. */
export async function readIcsFileTable(path: string, options: ReadIcsOptions): Promise<IcsCalendarTable> {
  return readIcsTable(await readBytes(path), path, options);
}

/** readIcsFileTable with a blocking read (see read-many's reader threads). */
export function readIcsFileTableSync(path: string, options: ReadIcsOptions): IcsCalendarTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw cannotRead(path, e);
  }
  return readIcsTable(bytes, path, options);
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw cannotRead(path, e);
  }
}

const cannotRead = (path: string, e: unknown) =>
  new ConnectorError('ics', 'not-found', `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);

/** Files and folders (searched recursively for *.ics) to a sorted list of files. */
export async function listIcsFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new ConnectorError('ics', 'not-found', `${p}: no such file or folder`);
    }
    if (s.isDirectory()) {
      const found = (await readdir(p, { recursive: true, withFileTypes: true }))
        .filter((d) => d.isFile() && /\.ics$/i.test(d.name))
        .map((d) => join(d.parentPath ?? p, d.name))
        .sort();
      if (found.length === 0) throw new ConnectorError('ics', 'not-found', `${p}: the folder holds no .ics files`);
      out.push(...found);
    } else out.push(p);
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(resolve(f)) && seen.add(resolve(f)));
}
