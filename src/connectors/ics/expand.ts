import ICAL from 'ical.js';
import type { Definitions } from '../../model/definitions.js';
import { classifyOccurrence } from '../../model/classify.js';
import type { Cadence, Occurrence, Recurrence } from '../../model/occurrence.js';
import { DAY_MS } from '../../model/time.js';
import type { AuditWarning } from '../../model/warning.js';
import { readEventFacts, responseOf, type EventFacts } from './event-facts.js';
import type { OccurrenceTableBuilder, OccurrenceTemplate } from './occurrence-table.js';
import { allProperties, detachString, firstProperty, type IcsComponent, type IcsProperty } from './parse.js';
import { parseSimpleRule, simpleRuleInstances, startMatches } from './simple-rule.js';
import { parseIcsTime, parseIcsTimeList, splitDuration, type IcsTime } from './values.js';
import type { Zone, ZoneResolution } from './zones.js';

export interface ExpandContext {
  fromMs: number;
  toMs: number;
  /** Zone for floating times: the calendar's X-WR-TIMEZONE, else the person's zone; null keeps them floating. */
  floatingZone: Zone | null;
  resolveZone: (tzid: string) => ZoneResolution;
  ownerEmail: string | null;
  method: string | null;
  /** Measure agenda signals (see ReadIcsOptions.agenda). */
  agenda: boolean;
  calendarId: string;
  /** Prefix for origins: the file path. */
  origin: string;
  definitions: Definitions;
  maxOccurrencesPerSeries: number;
  maxIterationsPerSeries: number;
  warn(w: AuditWarning): void;
  /** TZIDs already warned about in this calendar (one warning each). */
  warnedZones: Set<string>;
  /** Where the occurrences go. */
  table: OccurrenceTableBuilder;
  /** Templates made so far, per event (see addOccurrence). */
  templates: Map<EventFacts, TemplateEntry[]>;
}

interface TemplateEntry {
  base: OccurrenceBase;
  line: number;
  /** Length in ms (negated minus one for all-day): classification can depend on it. */
  lengthKey: number;
  index: number;
}

/** How a time is read: the zone that turns its wall clock into an instant (null: floating). */
interface TimeReading {
  zone: Zone | null;
  isDate: boolean;
  floating: boolean;
}

interface Instance {
  wall: number; // wall time in the series' zone (encoded as if UTC)
  inst: number; // the instant (or the wall time again for floating / all-day)
  endInst: number | null; // set by a PERIOD RDATE
}

interface Override {
  facts: EventFacts;
  ridInst: number;
  ridWall: number;
  ridIsDate: boolean;
  startWall: number;
  startInst: number;
  endInst: number;
  /** Wall-clock length, carried to later instances by RANGE=THISANDFUTURE. */
  durationWallMs: number;
  reading: TimeReading;
  thisAndFuture: boolean;
  used: boolean;
  line: number;
}

class SkipEvent extends Error {}

function where(ctx: ExpandContext, line: number): string {
  return `${ctx.origin}:${line}`;
}

/** Reads a time property as an instant, warning once per calendar about zones it cannot resolve. */
function readingFor(ctx: ExpandContext, t: IcsTime, seriesZone: Zone | null | undefined, line: number): TimeReading {
  if (t.isDate) return { zone: null, isDate: true, floating: false };
  if (t.isUtc) return { zone: UTC_ZONE, isDate: false, floating: false };
  if (t.tzid) {
    const r = ctx.resolveZone(t.tzid);
    if (r.zone) return { zone: r.zone, isDate: false, floating: false };
    if (!ctx.warnedZones.has(t.tzid)) {
      ctx.warnedZones.add(t.tzid);
      ctx.warn({
        code: 'unknown-time-zone',
        location: where(ctx, line),
        message: `${r.problem}; its times are read as ${ctx.floatingZone ? `the calendar zone ${ctx.floatingZone.name}` : 'floating local times'}`,
      });
    }
  }
  // Floating: a value next to a zoned DTSTART (EXDATE, RECURRENCE-ID) is read in that zone.
  const zone = seriesZone ?? ctx.floatingZone;
  return zone ? { zone, isDate: false, floating: false } : { zone: null, isDate: false, floating: true };
}

const UTC_ZONE: Zone = { name: 'UTC', iana: 'UTC', toUtcMs: (w) => w };

function toInst(reading: TimeReading, wall: number): number {
  return reading.zone ? reading.zone.toUtcMs(wall) : wall;
}

/** Inverse of toInst for a zone: the wall time it shows at an instant. */
function toWall(reading: TimeReading, inst: number): number {
  if (!reading.zone) return inst;
  const offset1 = inst - reading.zone.toUtcMs(inst);
  const guess = inst + offset1;
  return inst + (guess - reading.zone.toUtcMs(guess));
}

function parseProp(ctx: ExpandContext, p: IcsProperty): IcsTime {
  try {
    return parseIcsTime(p.value, p.params.TZID ?? null, p.params.VALUE?.toUpperCase());
  } catch (e) {
    throw new SkipEvent(`${p.name}: ${(e as Error).message}`);
  }
}

/** Duration of an event as wall-clock ms, from DTEND or DURATION (RFC 5545 3.6.1 defaults otherwise). */
function wallDurationOf(ctx: ExpandContext, comp: IcsComponent, start: IcsTime, startReading: TimeReading): { ms: number; start: IcsTime } {
  const dtend = firstProperty(comp, 'DTEND');
  const duration = firstProperty(comp, 'DURATION');
  let end: IcsTime | null = null;
  if (dtend) {
    try {
      end = parseIcsTime(dtend.value, dtend.params.TZID ?? null, dtend.params.VALUE?.toUpperCase());
    } catch (e) {
      ctx.warn({ code: 'bad-dtend', location: where(ctx, dtend.line), message: `DTEND ignored: ${(e as Error).message}` });
    }
  }
  if (dtend && end) {
    const endReading = readingFor(ctx, end, startReading.zone, dtend.line);
    // Same zone: keep the wall-clock length (a 09:00-10:00 meeting stays one hour across DST).
    let ms: number;
    if (end.isDate || start.isDate || endReading.zone === startReading.zone) ms = end.wallMs - start.wallMs;
    else ms = toInst(endReading, end.wallMs) - toInst(startReading, start.wallMs);
    if (start.isDate && !end.isDate) ms = Math.ceil(ms / DAY_MS) * DAY_MS;
    if (ms < 0 && endReading.zone === startReading.zone && end.isDate === start.isDate) {
      // Swapped by a buggy exporter: read it the other way round (as python-recurring-ical-events does).
      ctx.warn({ code: 'end-before-start', location: where(ctx, dtend.line), message: 'DTEND is before DTSTART; the two are read the other way round' });
      return { ms: -ms, start: end };
    }
    if (ms < 0) {
      ctx.warn({ code: 'end-before-start', location: where(ctx, dtend.line), message: 'DTEND is before DTSTART; the event is read as lasting no time' });
      return { ms: 0, start };
    }
    return { ms, start };
  }
  if (duration) {
    try {
      const d = splitDuration(duration.value);
      const ms = d.days * DAY_MS + d.timeMs;
      if (ms >= 0) return { ms: start.isDate ? Math.max(DAY_MS, Math.ceil(ms / DAY_MS) * DAY_MS) : ms, start };
    } catch {
      /* reported below */
    }
    ctx.warn({ code: 'bad-duration', location: where(ctx, duration.line), message: `DURATION "${duration.value}" is not a valid positive duration; ignored` });
  }
  return { ms: start.isDate ? DAY_MS : 0, start };
}

function endOf(reading: TimeReading, startWall: number, wallDurationMs: number): number {
  if (reading.isDate || !reading.zone) return startWall + wallDurationMs;
  return reading.zone.toUtcMs(startWall + wallDurationMs);
}

function icalTime(wall: number, isDate: boolean): ICAL.Time {
  const d = new Date(wall);
  return ICAL.Time.fromData({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: isDate ? 0 : d.getUTCHours(),
    minute: isDate ? 0 : d.getUTCMinutes(),
    second: isDate ? 0 : d.getUTCSeconds(),
    isDate,
  });
}

function wallOf(t: ICAL.Time): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/** UNTIL in the series' own wall clock, so iterating in wall time compares like with like. */
function untilWallOf(until: { wall: number; isDate: boolean; isUtc: boolean }, startReading: TimeReading, startIsDate: boolean): { wall: number; isDate: boolean } {
  let wall = until.wall;
  if (until.isUtc && !startIsDate) wall = toWall(startReading, wall);
  if (startIsDate) return { wall: Math.floor(wall / DAY_MS) * DAY_MS, isDate: true };
  // UNTIL as a DATE with a DATE-TIME start (invalid, common): the whole day is included.
  if (until.isDate) return { wall: wall + DAY_MS - 1000, isDate: false };
  return { wall, isDate: false };
}

function alignUntil(recur: ICAL.Recur, startReading: TimeReading, startIsDate: boolean): void {
  const until = recur.until;
  if (!until) return;
  const aligned = untilWallOf({ wall: wallOf(until), isDate: until.isDate, isUtc: until.zone === ICAL.Timezone.utcTimezone }, startReading, startIsDate);
  recur.until = icalTime(aligned.wall, aligned.isDate);
}

/** Instances of one RRULE as wall times: day arithmetic for plain daily/weekly rules, else ical.js. */
function* ruleWalls(rule: string, start: IcsTime, reading: TimeReading): Generator<number> {
  const simple = parseSimpleRule(rule);
  if (simple && startMatches(simple, start.wallMs)) {
    let untilWall: number | null = null;
    if (simple.until) {
      let u: IcsTime;
      try {
        u = parseIcsTime(simple.until, null);
      } catch (e) {
        throw new SkipEvent(`RRULE "${rule}": UNTIL ${(e as Error).message}`);
      }
      untilWall = untilWallOf({ wall: u.wallMs, isDate: u.isDate, isUtc: u.isUtc }, reading, start.isDate).wall;
    }
    yield* simpleRuleInstances(simple, start.wallMs, untilWall);
    return;
  }
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(detachString(rule)); // kept by sharedWalls: not a slice of the file
  } catch (e) {
    throw new SkipEvent(`RRULE "${rule}": ${(e as Error).message}`);
  }
  if (!recur.freq) throw new SkipEvent(`RRULE "${rule}" has no FREQ`);
  alignUntil(recur, reading, start.isDate);
  // What the iteration depends on: the rule, its start, and UNTIL once aligned to the series' wall clock.
  const until = recur.until ? `${wallOf(recur.until)}${recur.until.isDate ? 'D' : 'T'}` : '';
  yield* sharedWalls(detachString(`${rule}\u0000${start.wallMs}\u0000${start.isDate ? 'D' : 'T'}\u0000${until}`), () =>
    recur.iterator(icalTime(start.wallMs, start.isDate)),
  );
}

/**
 * ical.js instances of one rule from one start, shared by every series with the same rule and start:
 * a monthly all-hands is in each attendee's export, and ical.js takes tens of microseconds a step
 * for ordinal weekdays. Each list is extended as far as a series needs (the iterator is kept).
 */
interface WallList {
  walls: number[];
  iterator: ICAL.RecurIterator;
  done: boolean;
}

const wallLists = new Map<string, WallList>();
const MAX_SHARED_WALLS = 5000;

function* sharedWalls(key: string, start: () => ICAL.RecurIterator): Generator<number> {
  let list = wallLists.get(key);
  if (!list) {
    if (wallLists.size >= 2000) wallLists.clear();
    list = { walls: [], iterator: start(), done: false };
    wallLists.set(key, list);
  }
  const { walls, iterator } = list;
  for (let i = 0; ; i++) {
    if (i < walls.length) {
      yield walls[i];
      continue;
    }
    if (list.done) return;
    let t: ICAL.Time | null;
    try {
      t = iterator.next();
    } catch (e) {
      wallLists.delete(key); // a fresh iterator will fail the same way for the next series
      throw e;
    }
    if (!t) {
      list.done = true;
      return;
    }
    const wall = wallOf(t);
    if (walls.length >= MAX_SHARED_WALLS) {
      // A long rule (FREQ=SECONDLY, decades of dailies): not worth keeping; this series goes on alone.
      wallLists.delete(key);
      yield wall;
      for (let u = iterator.next(); u; u = iterator.next()) yield wallOf(u);
      return;
    }
    walls.push(wall);
    yield wall;
  }
}

export function recurrenceOf(rules: string[], hasRdates: boolean): Recurrence {
  const rule = rules[0];
  if (!rule) return { cadence: 'irregular', perWeek: 0, hasEnd: true, rule: hasRdates ? 'RDATE' : '' };
  const parts = new Map(rule.split(';').map((kv) => kv.split('=') as [string, string]));
  const freq = (parts.get('FREQ') ?? '').toUpperCase();
  const interval = Math.max(1, Number.parseInt(parts.get('INTERVAL') ?? '1', 10) || 1);
  const byDay = parts.get('BYDAY')?.split(',').length ?? 0;
  const byMonthDay = parts.get('BYMONTHDAY')?.split(',').length ?? 0;
  let perWeek: number;
  let cadence: Cadence;
  switch (freq) {
    case 'DAILY':
      perWeek = (byDay || 7) / interval;
      cadence = interval === 1 ? 'daily' : 'irregular';
      break;
    case 'WEEKLY':
      perWeek = (byDay || 1) / interval;
      cadence = byDay > 1 && interval === 1 ? 'daily' : interval === 1 ? 'weekly' : interval === 2 ? 'biweekly' : 'irregular';
      break;
    case 'MONTHLY':
      perWeek = ((byDay || byMonthDay || 1) * 12) / 52 / interval;
      cadence = interval === 1 ? 'monthly' : 'irregular';
      break;
    case 'YEARLY':
      perWeek = 1 / 52 / interval;
      cadence = interval === 1 ? 'yearly' : 'irregular';
      break;
    default:
      perWeek = 7;
      cadence = 'irregular';
  }
  if (parts.has('BYSETPOS') && (freq === 'MONTHLY' || freq === 'YEARLY')) perWeek = (12 / 52 / interval) * (freq === 'YEARLY' ? 1 / 12 : 1);
  const hasEnd = rules.every((r) => /(^|;)(COUNT|UNTIL)=/i.test(r));
  return { cadence, perWeek: Math.round(perWeek * 1000) / 1000, hasEnd, rule: rules.join(' | ') };
}

/**
 * Expands one UID's master and overrides into occurrences starting in [fromMs, toMs).
 * Overrides are matched to instances by RECURRENCE-ID; RANGE=THISANDFUTURE carries its shift,
 * length and properties to every later instance.
 */
export function expandSeries(
  ctx: ExpandContext,
  uid: string,
  master: IcsComponent | null,
  overrides: IcsComponent[],
): void {
  try {
    expandSeriesUnsafe(ctx, uid, master, overrides);
  } catch (e) {
    // SkipEvent is ours; ical.js throws plain Errors on rules it cannot read. Anything else is a bug.
    if (!(e instanceof Error)) throw e;
    const line = master?.line ?? overrides[0]?.line ?? 0;
    ctx.warn({
      code: 'bad-event',
      location: where(ctx, line),
      message: `VEVENT ${uid ? `"${uid}" ` : ''}skipped: ${(e as Error).message}`,
    });
  }
}

function expandSeriesUnsafe(
  ctx: ExpandContext,
  uid: string,
  master: IcsComponent | null,
  overrides: IcsComponent[],
): void {
  if (!master) {
    // Overrides without their master (an invitation to one instance): each is a single event.
    for (const o of overrides) expandSeries(ctx, uid, stripRecurrenceId(o), []);
    return;
  }
  const dtstartProp = firstProperty(master, 'DTSTART');
  if (!dtstartProp) throw new SkipEvent('no DTSTART');
  const written = parseProp(ctx, dtstartProp);
  const reading = readingFor(ctx, written, null, dtstartProp.line);
  const { ms: duration, start } = wallDurationOf(ctx, master, written, reading);
  const facts = readEventFacts(master, uid, ctx.method, undefined, ctx.agenda);
  const rrules = allProperties(master, 'RRULE').map((p) => p.value.replace(/\s+/g, ''));
  const rdateProps = allProperties(master, 'RDATE');
  const recurring = rrules.length > 0 || rdateProps.length > 0;
  const recurrence = recurring ? recurrenceOf(rrules, rdateProps.length > 0) : null;
  if (allProperties(master, 'EXRULE').length > 0) {
    ctx.warn({ code: 'exrule-ignored', location: where(ctx, master.line), message: 'EXRULE (deprecated by RFC 5545) is not applied' });
  }

  const ovs = overrides.map((c) => readOverride(ctx, uid, c, master, reading, start.isDate, duration));
  const byInst = new Map<number, Override>();
  const byDay = new Map<number, Override>();
  const futures: Override[] = [];
  let maxShift = 0;
  for (const o of ovs) {
    if (o.ridIsDate && !start.isDate) byDay.set(o.ridWall, o);
    else byInst.set(o.ridInst, o);
    if (o.thisAndFuture) futures.push(o);
    maxShift = Math.max(maxShift, Math.abs(o.startInst - o.ridInst));
  }
  futures.sort((a, b) => a.ridInst - b.ridInst);

  const instances = recurring
    ? generateInstances(ctx, master, start, reading, rrules, rdateProps, maxShift)
    : [{ wall: start.wallMs, inst: toInst(reading, start.wallMs), endInst: null }];

  const base: OccurrenceBase = {
    source: 'ics' as const,
    calendarId: ctx.calendarId,
    ownerEmail: ctx.ownerEmail,
    uid,
    seriesId: recurring ? uid : null,
    recurrence,
    allDay: start.isDate,
    floating: reading.floating,
    timeZone: reading.zone?.iana ?? null,
  };
  let emitted = 0;
  let futureIdx = -1;
  // An override is an event of its own: it may be all-day or in another zone than its series.
  let overrideBase: OccurrenceBase | null = null;
  const emitOverride = (o: Override) => {
    const allDay = o.reading.isDate;
    const floating = o.reading.floating;
    const timeZone = o.reading.zone?.iana ?? base.timeZone;
    if (!overrideBase || overrideBase.allDay !== allDay || overrideBase.floating !== floating || overrideBase.timeZone !== timeZone) {
      overrideBase = { ...base, allDay, floating, timeZone };
    }
    addOccurrence(ctx, overrideBase, o.facts, o.startInst, o.endInst, o.ridInst, o.line);
  };
  for (const it of instances) {
    while (futureIdx + 1 < futures.length && futures[futureIdx + 1].ridInst <= it.inst) futureIdx++;
    const own = byInst.get(it.inst) ?? (byDay.size ? byDay.get(Math.floor(it.wall / DAY_MS) * DAY_MS) : undefined);
    let startInst: number;
    let endInst: number;
    let f: EventFacts = facts;
    let line = master.line;
    if (own) {
      own.used = true;
      if (own.startInst >= ctx.fromMs && own.startInst < ctx.toMs) emitOverride(own);
      continue;
    } else if (futureIdx >= 0) {
      const fo = futures[futureIdx];
      const wall = it.wall + (fo.startWall - fo.ridWall);
      startInst = toInst(reading, wall);
      endInst = endOf(reading, wall, fo.durationWallMs);
      f = fo.facts;
      line = fo.line;
    } else {
      startInst = it.inst;
      endInst = it.endInst ?? endOf(reading, it.wall, duration);
    }
    if (startInst < ctx.fromMs || startInst >= ctx.toMs) continue;
    if (++emitted > ctx.maxOccurrencesPerSeries) {
      ctx.warn({
        code: 'recurrence-capped',
        location: where(ctx, master.line),
        message: `series "${facts.title}" has more than ${ctx.maxOccurrencesPerSeries} occurrences in the window; only the first ${ctx.maxOccurrencesPerSeries} are used`,
      });
      break;
    }
    addOccurrence(ctx, base, f, startInst, endInst, recurring ? it.inst : null, line);
  }
  // Overrides that name no generated instance still happened: keep them as they are.
  for (const o of ovs) {
    if (!o.used && o.startInst >= ctx.fromMs && o.startInst < ctx.toMs) emitOverride(o);
  }
}

function stripRecurrenceId(c: IcsComponent): IcsComponent {
  return { ...c, properties: c.properties.filter((p) => p.name !== 'RECURRENCE-ID') };
}

function readOverride(
  ctx: ExpandContext,
  uid: string,
  comp: IcsComponent,
  master: IcsComponent,
  seriesReading: TimeReading,
  seriesIsDate: boolean,
  masterDuration: number,
): Override {
  const ridProp = firstProperty(comp, 'RECURRENCE-ID')!;
  const rid = parseProp(ctx, ridProp);
  const ridReading = readingFor(ctx, rid, seriesReading.zone, ridProp.line);
  let ridInst: number;
  let ridWall: number;
  if (rid.isDate && !seriesIsDate) ridInst = ridWall = rid.wallMs;
  else if (seriesIsDate) {
    // Exchange writes RECURRENCE-ID;TZID=...:20260226T000000 for all-day series: match by that day.
    ridInst = ridWall = Math.floor(rid.wallMs / DAY_MS) * DAY_MS;
  } else {
    ridInst = toInst(ridReading, rid.wallMs);
    ridWall = toWall(seriesReading, ridInst);
  }
  const dtstartProp = firstProperty(comp, 'DTSTART');
  const written = dtstartProp ? parseProp(ctx, dtstartProp) : rid;
  const reading = dtstartProp ? readingFor(ctx, written, seriesReading.zone, dtstartProp.line) : ridReading;
  const hasOwnEnd = firstProperty(comp, 'DTEND') || firstProperty(comp, 'DURATION');
  const { ms: duration, start } = hasOwnEnd ? wallDurationOf(ctx, comp, written, reading) : { ms: masterDuration, start: written };
  const startInst = toInst(reading, start.wallMs);
  return {
    facts: readEventFacts(comp, uid, ctx.method, master, ctx.agenda),
    ridInst,
    ridWall,
    ridIsDate: rid.isDate,
    startWall: toWall(seriesReading, startInst),
    startInst,
    endInst: endOf(reading, start.wallMs, duration),
    durationWallMs: duration,
    reading,
    thisAndFuture: (ridProp.params.RANGE ?? '').toUpperCase() === 'THISANDFUTURE',
    used: false,
    line: comp.line,
  };
}

function generateInstances(
  ctx: ExpandContext,
  master: IcsComponent,
  start: IcsTime,
  reading: TimeReading,
  rrules: string[],
  rdateProps: IcsProperty[],
  maxShiftMs: number,
): Instance[] {
  const untilInst = ctx.toMs + maxShiftMs;
  const fromInst = ctx.fromMs - maxShiftMs;
  const out: Instance[] = [{ wall: start.wallMs, inst: toInst(reading, start.wallMs), endInst: null }];
  for (const rule of rrules) {
    let iterations = 0;
    for (const wall of ruleWalls(rule, start, reading)) {
      if (++iterations > ctx.maxIterationsPerSeries) {
        ctx.warn({
          code: 'recurrence-capped',
          location: where(ctx, master.line),
          message: `RRULE "${rule}" was stopped after ${ctx.maxIterationsPerSeries} iterations before reaching the window end`,
        });
        break;
      }
      const inst = toInst(reading, wall);
      if (inst >= untilInst) break;
      if (inst >= fromInst) out.push({ wall, inst, endInst: null });
      // Enough to fill the cap even after exclusions: the rest would be dropped anyway.
      if (out.length > 2 * ctx.maxOccurrencesPerSeries) break;
    }
  }
  for (const p of rdateProps) {
    let list;
    try {
      list = parseIcsTimeList(p.value, p.params.TZID ?? null, p.params.VALUE?.toUpperCase());
    } catch (e) {
      ctx.warn({ code: 'bad-rdate', location: where(ctx, p.line), message: `RDATE ignored: ${(e as Error).message}` });
      continue;
    }
    for (const r of list) {
      const rr = readingFor(ctx, r.time, reading.zone, p.line);
      const inst = r.time.isDate && !start.isDate ? toInst(reading, r.time.wallMs + (start.wallMs % DAY_MS)) : toInst(rr, r.time.wallMs);
      const wall = toWall(reading, inst);
      let endInst: number | null = null;
      if (r.endWallMs !== null) endInst = toInst(rr, r.endWallMs);
      else if (r.durationMs !== null) endInst = inst + r.durationMs;
      out.push({ wall, inst, endInst });
    }
  }
  const excluded = exclusions(ctx, master, reading, start.isDate);
  out.sort((a, b) => a.inst - b.inst);
  const unique: Instance[] = [];
  let last = NaN;
  for (const i of out) {
    if (i.inst === last) continue;
    last = i.inst;
    if (excluded.inst.has(i.inst) || (excluded.days.size && excluded.days.has(Math.floor(i.wall / DAY_MS) * DAY_MS))) continue;
    unique.push(i);
  }
  return unique;
}

function exclusions(
  ctx: ExpandContext,
  master: IcsComponent,
  reading: TimeReading,
  seriesIsDate: boolean,
): { inst: Set<number>; days: Set<number> } {
  const inst = new Set<number>();
  const days = new Set<number>();
  for (const p of allProperties(master, 'EXDATE')) {
    let list;
    try {
      list = parseIcsTimeList(p.value, p.params.TZID ?? null, p.params.VALUE?.toUpperCase());
    } catch (e) {
      ctx.warn({ code: 'bad-exdate', location: where(ctx, p.line), message: `EXDATE ignored: ${(e as Error).message}` });
      continue;
    }
    for (const { time } of list) {
      if (time.isDate && !seriesIsDate) days.add(time.wallMs);
      else if (seriesIsDate) {
        const wall = time.isDate ? time.wallMs : toWall(reading, toInst(readingFor(ctx, time, reading.zone, p.line), time.wallMs));
        inst.add(Math.floor(wall / DAY_MS) * DAY_MS);
      } else inst.add(toInst(readingFor(ctx, time, reading.zone, p.line), time.wallMs));
    }
  }
  return { inst, days };
}

type OccurrenceBase = Pick<Occurrence, 'source' | 'calendarId' | 'ownerEmail' | 'uid' | 'seriesId' | 'recurrence' | 'allDay' | 'floating' | 'timeZone'>;

/**
 * Adds one occurrence to the table. Everything but its times comes from a template made once per
 * event, source line and length (classification and the owner's answer depend only on those).
 */
function addOccurrence(
  ctx: ExpandContext,
  base: OccurrenceBase,
  f: EventFacts,
  startMs: number,
  rawEndMs: number,
  recurrenceIdMs: number | null,
  line: number,
): void {
  const endMs = rawEndMs < startMs ? startMs : rawEndMs;
  const lengthKey = base.allDay ? -(endMs - startMs) - 1 : endMs - startMs;
  let entries = ctx.templates.get(f);
  if (!entries) ctx.templates.set(f, (entries = []));
  let index = -1;
  for (const e of entries) {
    if (e.lengthKey === lengthKey && e.base === base && e.line === line) {
      index = e.index;
      break;
    }
  }
  if (index < 0) {
    index = ctx.table.addTemplate(makeTemplate(ctx, base, f, startMs, endMs, recurrenceIdMs, line));
    entries.push({ base, line, lengthKey, index });
  }
  ctx.table.add(index, startMs, endMs, recurrenceIdMs);
}

function makeTemplate(
  ctx: ExpandContext,
  base: OccurrenceBase,
  f: EventFacts,
  startMs: number,
  endMs: number,
  recurrenceIdMs: number | null,
  line: number,
): OccurrenceTemplate {
  const o: Occurrence = {
    source: base.source,
    calendarId: base.calendarId,
    ownerEmail: base.ownerEmail,
    uid: base.uid,
    seriesId: base.seriesId,
    recurrence: base.recurrence,
    recurrenceIdMs,
    startMs,
    endMs,
    allDay: base.allDay,
    floating: base.floating,
    timeZone: base.timeZone,
    title: f.title,
    isPrivate: f.isPrivate,
    organizer: f.organizer,
    attendees: f.attendees,
    selfResponse: responseOf(f, ctx.ownerEmail),
    showAs: f.showAs,
    status: f.status,
    eventType: 'default',
    agenda: f.agenda,
    createdMs: f.createdMs,
    lastModifiedMs: f.lastModifiedMs,
    origin: `${ctx.origin}:${line}`,
    kind: 'excluded',
    excludedReason: null,
  };
  const c = classifyOccurrence(o, ctx.definitions);
  return {
    source: o.source,
    calendarId: o.calendarId,
    ownerEmail: o.ownerEmail,
    uid: o.uid,
    seriesId: o.seriesId,
    recurrence: o.recurrence,
    allDay: o.allDay,
    floating: o.floating,
    timeZone: o.timeZone,
    title: o.title,
    isPrivate: o.isPrivate,
    organizer: o.organizer,
    attendees: o.attendees,
    selfResponse: o.selfResponse,
    showAs: o.showAs,
    status: o.status,
    eventType: o.eventType,
    agenda: o.agenda,
    createdMs: o.createdMs,
    lastModifiedMs: o.lastModifiedMs,
    origin: o.origin,
    kind: c.kind,
    excludedReason: c.excludedReason,
  };
}
