import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_DEFINITIONS, type Definitions } from '../../model/definitions.js';
import { ConnectorError } from '../../model/errors.js';
import type { Occurrence } from '../../model/occurrence.js';
import type { AuditWarning } from '../../model/warning.js';
import { expandSeries, type ExpandContext } from './expand.js';
import { emailOf } from './values.js';
import { firstProperty, parseIcs, type IcsComponent } from './parse.js';
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
}

export interface IcsCalendar {
  path: string;
  calendarName: string | null;
  ownerEmail: string | null;
  /** The calendar's X-WR-TIMEZONE as an IANA name, when it has one. */
  timeZone: string | null;
  /** VEVENTs read (masters and overrides). */
  eventCount: number;
  /** Sorted by start, then uid, then end. */
  occurrences: Occurrence[];
  warnings: AuditWarning[];
}

export const DEFAULT_MAX_OCCURRENCES_PER_SERIES = 50_000;
export const DEFAULT_MAX_ITERATIONS_PER_SERIES = 2_000_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The one output order of occurrences: start, then uid, then end. */
export function compareOccurrenceKeys(startA: number, uidA: string, endA: number, startB: number, uidB: string, endB: number): number {
  return startA - startB || (uidA < uidB ? -1 : uidA > uidB ? 1 : 0) || endA - endB;
}

export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return compareOccurrenceKeys(a.startMs, a.uid, a.endMs, b.startMs, b.uid, b.endMs);
}

/**
 * Reads one .ics export. Throws ConnectorError (kind "parse") only when the bytes are not
 * iCalendar at all; a broken event is reported in `warnings` and skipped.
 */
export function readIcsBytes(bytes: Uint8Array, path: string, options: ReadIcsOptions): IcsCalendar {
  const parsed = parseIcs(bytes);
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
  const occurrences: Occurrence[] = [];
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
      calendarId: path,
      origin: path,
      definitions: options.definitions ?? DEFAULT_DEFINITIONS,
      maxOccurrencesPerSeries: options.maxOccurrencesPerSeries ?? DEFAULT_MAX_OCCURRENCES_PER_SERIES,
      maxIterationsPerSeries: options.maxIterationsPerSeries ?? DEFAULT_MAX_ITERATIONS_PER_SERIES,
      warn: (w) => warnings.push(w),
      warnedZones: new Set(),
    };
    for (const [key, group] of groupByUid(cal, ctx)) {
      const uid = key.startsWith('\u0000') ? '' : key;
      expandSeries(ctx, uid, group.master, group.overrides, (o) => occurrences.push(o));
    }
  }
  occurrences.sort(compareOccurrences);
  return { path, calendarName, ownerEmail, timeZone: calendarZone, eventCount: events.length, occurrences, warnings };
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
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ConnectorError('ics', 'not-found', `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return readIcsBytes(bytes, path, options);
}

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
