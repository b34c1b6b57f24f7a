/** Helpers shared by the rules: cached groupings of the context, subjects, and message formatting. */
import type { EvidenceValue, FindingSubject } from '../model/finding.js';
import type { Cadence, Occurrence } from '../model/occurrence.js';
import { countParticipants, durationMin } from '../model/occurrence.js';
import type { Person } from '../model/person.js';
import { formatDate, isoWeekOf, isoWeekday, utcToWallMs, DAY_MS, MINUTE_MS } from '../model/time.js';
import { indexMeetings, isSeriesInstance, type MeetingIndex, type MeetingInstance, type SeriesGroup } from '../metrics/series.js';
import type { SeriesSummary } from '../metrics/types.js';
import type { RuleContext } from './define-rule.js';

// Several rules read the same groupings; compute them once per context (the context is immutable input).
const indexCache = new WeakMap<RuleContext, MeetingIndex>();
const seriesCache = new WeakMap<RuleContext, SeriesGroup[]>();
const meetingsCache = new WeakMap<RuleContext, MeetingInstance[]>();
const oneOffCache = new WeakMap<RuleContext, MeetingInstance[]>();

/** The context's meetings indexed: its own index when that holds exactly its occurrences, else one made now. */
function indexOf(ctx: RuleContext): MeetingIndex {
  let index = indexCache.get(ctx);
  if (!index) {
    const given = ctx.meetingIndex;
    index = given?.covers(ctx.occurrencesByPerson, ctx.window) ? given : indexMeetings(ctx.occurrencesByPerson, ctx.window);
    indexCache.set(ctx, index);
  }
  return index;
}

/** Recurring meeting series in the window, each once across calendars, ranked by weekly attendee-hours. */
export function seriesGroupsOf(ctx: RuleContext): SeriesGroup[] {
  let groups = seriesCache.get(ctx);
  if (!groups) seriesCache.set(ctx, (groups = indexOf(ctx).seriesGroups(ctx.definitions)));
  return groups;
}

/** Every meeting in the window once (deduplicated across calendars by uid + start), by start. */
export function meetingsOf(ctx: RuleContext): MeetingInstance[] {
  let list = meetingsCache.get(ctx);
  if (!list) meetingsCache.set(ctx, (list = indexOf(ctx).uniqueMeetings()));
  return list;
}

export { isSeriesInstance };

/** One-off meetings (not part of a recurring series) in the window, each once. */
export function oneOffMeetingsOf(ctx: RuleContext): MeetingInstance[] {
  let list = oneOffCache.get(ctx);
  if (!list) oneOffCache.set(ctx, (list = indexOf(ctx).oneOffMeetings()));
  return list;
}

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const roundTo = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** "9.0" */
export const formatHours = (hours: number): string => hours.toFixed(1);

/** "'Team sync'" */
export const quote = (title: string): string => `'${title}'`;

export const formatCount = (n: number, one: string, many: string): string =>
  `${Number.isInteger(n) ? n : n.toFixed(1)} ${n === 1 ? one : many}`;

export const formatPeople = (n: number): string => formatCount(n, 'person', 'people');

export const formatMinutes = (min: number): string => `${Math.round(min)} min`;

const CADENCE_LABEL: Record<Cadence, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  biweekly: 'Biweekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
  irregular: 'Recurring',
};

export const cadenceLabel = (cadence: Cadence): string => CADENCE_LABEL[cadence];

/** "Weekly 'Team sync' (45 min, 12 people)" */
export const describeSeries = (s: SeriesSummary): string =>
  `${cadenceLabel(s.cadence)} ${quote(s.title)} (${formatMinutes(s.durationMin)}, ${formatPeople(s.participants)})`;

export const seriesSubject = (s: SeriesSummary): FindingSubject => ({ type: 'series', seriesId: s.seriesId, title: s.title });

/** The facts every series finding carries. */
export function seriesEvidence(s: SeriesSummary): Record<string, EvidenceValue> {
  return {
    cadence: s.cadence,
    perWeek: roundTo(s.perWeek, 2),
    durationMin: s.durationMin,
    participants: s.participants,
    weeklyAttendeeHours: roundTo(s.weeklyAttendeeHours, 2),
    weeklyCost: s.weeklyCost === null ? null : roundTo(s.weeklyCost, 2),
    organizer: s.organizer,
    occurrencesInWindow: s.occurrencesInWindow,
  };
}

export const zoneOf = (ctx: RuleContext, email: string | null, fallback = 'UTC'): string =>
  (email !== null ? ctx.personByEmail.get(email)?.timeZone : undefined) ?? fallback;

// isoWeekOf depends only on the wall day, so its strings are remembered per day instead of rebuilt per meeting.
const weekOfDay = new Map<number, string>();

/** The ISO week of an instant in a zone. */
export const weekIn = (epochMs: number, timeZone: string): string => {
  const wall = utcToWallMs(epochMs, timeZone);
  const day = Math.floor(wall / DAY_MS);
  let week = weekOfDay.get(day);
  if (week === undefined) {
    week = isoWeekOf(wall);
    if (weekOfDay.size > 100_000) weekOfDay.clear();
    weekOfDay.set(day, week);
  }
  return week;
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "HH:MM" of a minute-of-day. */
export const formatClock = (minOfDay: number): string => {
  const m = ((Math.round(minOfDay) % 1440) + 1440) % 1440;
  return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
};

const WEEKDAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const weekdayName = (isoDay: number): string => WEEKDAY[isoDay];

/** "2024-03-05 10:00" in the zone. */
export function formatLocal(epochMs: number, timeZone: string): string {
  const wall = utcToWallMs(epochMs, timeZone);
  return `${formatDate(wall)} ${formatClock((wall % DAY_MS) / MINUTE_MS)}`;
}

/** "Tue 06:00-07:00 Asia/Tokyo" */
export function formatLocalSlot(o: Pick<Occurrence, 'startMs' | 'endMs'>, timeZone: string): string {
  const wall = utcToWallMs(o.startMs, timeZone);
  const startMin = (wall % DAY_MS) / MINUTE_MS;
  return `${weekdayName(isoWeekday(wall))} ${formatClock(startMin)}-${formatClock(startMin + durationMin(o))} ${timeZone}`;
}

/**
 * The audited person a one-off meeting finding is filed under: the organizer when their calendar
 * was audited, else the first audited attendee.
 */
export const ownerOf = (m: MeetingInstance): string =>
  m.occurrence.organizer !== null && m.audited.includes(m.occurrence.organizer) ? m.occurrence.organizer : m.audited[0];

/** Subject, person and week for a finding about one meeting occurrence. */
export function occurrenceTarget(
  ctx: RuleContext,
  m: MeetingInstance,
): { subject: FindingSubject; person: string; week: string } {
  const person = ownerOf(m);
  const o = m.occurrence;
  return {
    subject: { type: 'occurrence', person, uid: o.uid, startMs: o.startMs, title: o.title },
    person,
    week: weekIn(o.startMs, zoneOf(ctx, person, o.timeZone ?? 'UTC')),
  };
}

/** People taking part (attendees who are people and did not decline, plus the organizer). */
export function participantEmails(o: Pick<Occurrence, 'attendees' | 'organizer'>): string[] {
  const people: string[] = [];
  if (o.organizer) people.push(o.organizer);
  // Short lists (nearly all) are searched in place; long ones get a Set.
  const seen = o.attendees.length > 32 ? new Set<string>(people) : null;
  for (const a of o.attendees) {
    if (a.isResource || a.role === 'non-participant' || a.response === 'declined') continue;
    if (seen ? seen.has(a.email) : people.includes(a.email)) continue;
    seen?.add(a.email);
    people.push(a.email);
  }
  return people;
}

/** Participants the roster knows (so their zone and humane hours are known). */
export function knownParticipants(ctx: RuleContext, o: Pick<Occurrence, 'attendees' | 'organizer'>): Person[] {
  const known: Person[] = [];
  for (const email of participantEmails(o)) {
    const p = ctx.personByEmail.get(email);
    if (p) known.push(p);
  }
  return known;
}

/** Compiles title patterns (case-insensitive), as classifyOccurrence does. */
export function compilePatterns(patterns: string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'i'));
}

/** Whether a string is a valid regular expression source (for option validation). */
export function isValidPattern(p: string): boolean {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}

/** "'Launch review' on 2024-03-05 10:00 Europe/Berlin (90 min, 10 people)", in the owner's zone. */
export function describeOneOff(ctx: RuleContext, m: MeetingInstance): string {
  const o = m.occurrence;
  const zone = zoneOf(ctx, ownerOf(m), o.timeZone ?? 'UTC');
  return (
    `${quote(o.title)} on ${formatLocal(o.startMs, zone)} ${zone} ` +
    `(${formatMinutes(durationMin(o))}, ${formatPeople(countParticipants(o))})`
  );
}
