/** Small builders for rule tests: occurrences, people, week metrics and contexts. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS, type Definitions } from '../../src/model/definitions.js';
import type { Severity } from '../../src/model/finding.js';
import type { Attendee, Cadence, Occurrence, Recurrence } from '../../src/model/occurrence.js';
import { DEFAULT_WORKING_HOURS, regionOfTimeZone, type Person, type Team, type WorkingHours } from '../../src/model/person.js';
import type { PersonWeekMetrics } from '../../src/metrics/types.js';
import type { AnyRule, RawFinding, RuleContext } from '../../src/rules/define-rule.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

/** Monday 2024-03-04 00:00Z: the start of ISO week 2024-W10. */
export const T0 = Date.parse('2024-03-04T00:00:00Z');
/** Four weeks: 2024-W10 .. 2024-W13. */
export const WINDOW = { fromMs: T0, toMs: T0 + 4 * WEEK };

export const at = (iso: string): number => {
  const ms = Date.parse(iso.endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad date ${iso}`);
  return ms;
};

export const email = (name: string): string => `${name}@example.com`;

export function attendees(emails: string[], over: Partial<Attendee> = {}): Attendee[] {
  return emails.map((e) => ({ email: e, name: null, response: 'accepted', role: 'required', isResource: false, ...over }));
}

const PER_WEEK: Record<Cadence, number> = { daily: 5, weekly: 1, biweekly: 0.5, monthly: 0.25, yearly: 1 / 52, irregular: 0 };

export function recurrence(cadence: Cadence = 'weekly', over: Partial<Recurrence> = {}): Recurrence {
  return { cadence, perWeek: PER_WEEK[cadence], hasEnd: false, rule: `FREQ=${cadence.toUpperCase()}`, ...over };
}

export interface OccurrenceInput extends Partial<Occurrence> {
  /** ISO start (UTC when no offset). */
  start?: string;
  durationMin?: number;
  /** Participants other than the organizer (emails). */
  people?: string[];
  /** Shorthand for agenda.textLength. */
  agendaChars?: number;
}

export function occurrence(input: OccurrenceInput = {}): Occurrence {
  const { start, durationMin, people, agendaChars, ...over } = input;
  const startMs = over.startMs ?? at(start ?? '2024-03-05T10:00:00Z');
  const organizer = over.organizer === undefined ? email('ana') : over.organizer;
  return {
    source: 'ics',
    calendarId: 'calendar',
    ownerEmail: null,
    uid: 'uid-1',
    seriesId: null,
    recurrence: null,
    recurrenceIdMs: null,
    startMs,
    endMs: startMs + (durationMin ?? 60) * MIN,
    allDay: false,
    floating: false,
    timeZone: 'UTC',
    title: 'Meeting',
    isPrivate: false,
    organizer,
    attendees: attendees(people ?? [email('bo'), email('cy')]),
    selfResponse: 'accepted',
    showAs: 'busy',
    status: 'confirmed',
    eventType: 'default',
    agenda: { textLength: agendaChars ?? 0, text: '', attachmentCount: 0, hasNoteTaker: false },
    createdMs: null,
    lastModifiedMs: null,
    origin: 'test',
    kind: 'meeting',
    excludedReason: null,
    ...over,
  };
}

export interface SeriesInput extends OccurrenceInput {
  seriesId: string;
  cadence?: Cadence;
  /** Number of instances; default: as many as fit in the four-week window. */
  count?: number;
  /** Days between instances (default 7; 1 for daily). */
  everyDays?: number;
  /** Skip Saturdays and Sundays (for daily series). */
  weekdaysOnly?: boolean;
  hasEnd?: boolean;
}

/** Instances of a recurring series (one copy each): uid = seriesId, starts every `everyDays` days. */
export function series(input: SeriesInput): Occurrence[] {
  const { seriesId, cadence = 'weekly', count, everyDays, weekdaysOnly, hasEnd, ...rest } = input;
  const first = occurrence({ uid: seriesId, seriesId, recurrence: recurrence(cadence, { hasEnd: hasEnd ?? false }), ...rest });
  const step = (everyDays ?? (cadence === 'daily' ? 1 : cadence === 'biweekly' ? 14 : 7)) * DAY;
  const out: Occurrence[] = [];
  for (let t = first.startMs; out.length < (count ?? Infinity) && t < WINDOW.toMs; t += step) {
    const weekday = new Date(t).getUTCDay();
    if (weekdaysOnly && (weekday === 0 || weekday === 6)) continue;
    out.push({ ...first, startMs: t, endMs: t + (first.endMs - first.startMs), recurrenceIdMs: t });
  }
  return out;
}

/** Everyone taking part in an occurrence: organizer plus person attendees. */
export const participantsOf = (o: Occurrence): string[] => {
  const s = new Set<string>();
  if (o.organizer) s.add(o.organizer);
  for (const a of o.attendees) if (!a.isResource && a.role !== 'non-participant') s.add(a.email);
  return [...s];
};

/**
 * Puts each occurrence on the calendars of `owners` (default: all its participants), as a connector
 * would: each copy has its ownerEmail and calendarId. Returns occurrencesByPerson sorted by start.
 */
export function calendars(occurrences: Occurrence[], owners?: string[]): Map<string, Occurrence[]> {
  const map = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    for (const owner of owners ?? participantsOf(o)) {
      let list = map.get(owner);
      if (!list) map.set(owner, (list = []));
      list.push({
        ...o,
        ownerEmail: owner,
        calendarId: owner,
        selfResponse: owner === o.organizer ? 'organizer' : 'accepted',
      });
    }
  }
  for (const list of map.values()) list.sort((a, b) => a.startMs - b.startMs);
  return map;
}

/** Merges several occurrencesByPerson maps. */
export function mergeCalendars(...maps: Map<string, Occurrence[]>[]): Map<string, Occurrence[]> {
  const out = new Map<string, Occurrence[]>();
  for (const m of maps) for (const [k, v] of m) out.set(k, [...(out.get(k) ?? []), ...v]);
  for (const list of out.values()) list.sort((a, b) => a.startMs - b.startMs);
  return out;
}

export const hours = (startMin: number, endMin: number, days = [1, 2, 3, 4, 5]): WorkingHours => ({ days, startMin, endMin });

export function person(address: string, over: Partial<Person> = {}): Person {
  const timeZone = over.timeZone ?? 'UTC';
  const workingHours = over.workingHours ?? DEFAULT_WORKING_HOURS;
  return {
    email: address,
    name: null,
    timeZone,
    workingHours,
    humaneHours: over.humaneHours ?? workingHours,
    teams: [],
    hourlyRate: null,
    region: regionOfTimeZone(timeZone),
    ...over,
  };
}

export function team(id: string, members: string[], over: Partial<Team> = {}): Team {
  return { id, name: id, members, leads: [], overlapWindow: null, noMeetingDay: null, ...over };
}

export function weekMetrics(over: Partial<PersonWeekMetrics> = {}): PersonWeekMetrics {
  return {
    week: '2024-W10',
    workingHours: 40,
    outOfOfficeHours: 0,
    meetingCount: 0,
    meetingHours: 0,
    meetingShareOfWorkingTime: 0,
    recurringMeetingHours: 0,
    oneOffMeetingHours: 0,
    focusHours: 20,
    fragmentedHours: 0,
    refocusTaxHours: 0,
    backToBackChains: 0,
    conflictingHours: 0,
    afterHoursMeetingHours: 0,
    largeMeetingHours: 0,
    longMeetingHours: 0,
    meetingHeavyDays: 0,
    shortNoticeShare: null,
    attendeeHours: 0,
    attendeeCost: null,
    ...over,
  };
}

export interface ContextInput {
  occurrencesByPerson?: Map<string, Occurrence[]>;
  /** Shorthand: occurrences put on every participant's calendar. */
  meetings?: Occurrence[];
  people?: Person[];
  teams?: Team[];
  weeksByPerson?: Map<string, PersonWeekMetrics[]> | Record<string, PersonWeekMetrics[]>;
  window?: { fromMs: number; toMs: number };
  definitions?: Partial<Definitions>;
}

export function context(input: ContextInput = {}): RuleContext {
  const occurrencesByPerson = input.occurrencesByPerson ?? calendars(input.meetings ?? []);
  const people = input.people ?? [];
  const weeks = input.weeksByPerson ?? new Map<string, PersonWeekMetrics[]>();
  return {
    definitions: { ...DEFAULT_DEFINITIONS, ...input.definitions },
    people,
    personByEmail: new Map(people.map((p) => [p.email, p])),
    teams: input.teams ?? [],
    occurrencesByPerson,
    weeksByPerson: weeks instanceof Map ? weeks : new Map(Object.entries(weeks)),
    window: input.window ?? WINDOW,
  };
}

/** Runs one rule's check with options parsed (defaults filled) as the engine would. */
export function runCheck(rule: AnyRule, ctx: RuleContext, options: Record<string, unknown> = {}): RawFinding[] {
  return rule.check(ctx, rule.options.parse(options));
}

export interface ExpectedFinding {
  subject?: Record<string, unknown>;
  person?: string | null;
  week?: string | null;
  /** Checked with toMatchObject: only the listed keys. */
  evidence?: Record<string, unknown>;
  hoursAtStake?: number;
  severity?: Severity;
  message?: string | RegExp;
}

export interface ValidCase {
  name: string;
  ctx: () => RuleContext;
  options?: Record<string, unknown>;
}

export interface InvalidCase extends ValidCase {
  /** Expected findings, largest hoursAtStake first (ties: by message). */
  findings: ExpectedFinding[];
}

const byStake = (a: RawFinding, b: RawFinding): number =>
  b.hoursAtStake - a.hoursAtStake || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);

/** The ESLint-style table: `valid` cases yield no finding, `invalid` cases exactly the listed ones. */
export function ruleTable(rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe('valid', () => {
    it.each(cases.valid)('$name', ({ ctx, options }) => {
      expect(runCheck(rule, ctx(), options)).toEqual([]);
    });
  });
  describe('invalid', () => {
    it.each(cases.invalid)('$name', ({ ctx, options, findings: expected }) => {
      const found = runCheck(rule, ctx(), options).sort(byStake);
      expect(found.map((f) => f.message)).toHaveLength(expected.length);
      expected.forEach((e, i) => {
        const f = found[i];
        if (e.subject) expect(f.subject).toMatchObject(e.subject);
        if (e.person !== undefined) expect(f.person).toBe(e.person);
        if (e.week !== undefined) expect(f.week).toBe(e.week);
        if (e.evidence) expect(f.evidence).toMatchObject(e.evidence);
        if (e.hoursAtStake !== undefined) expect(f.hoursAtStake).toBeCloseTo(e.hoursAtStake, 6);
        if ('severity' in e) expect(f.severity).toBe(e.severity);
        if (typeof e.message === 'string') expect(f.message).toBe(e.message);
        else if (e.message) expect(f.message).toMatch(e.message);
        // Messages are human and concrete; the evidence never carries description text.
        expect(Object.keys(f.evidence)).not.toContain('text');
        expect(JSON.stringify(f.evidence)).not.toContain('SECRET');
      });
    });
  });
}
