/** Builders for store tests: realistic occurrences, imports, rosters and analysis rows. */
import { DEFAULT_DEFINITIONS } from '../../src/model/definitions.js';
import type { Finding } from '../../src/model/finding.js';
import type { Occurrence } from '../../src/model/occurrence.js';
import { DEFAULT_WORKING_HOURS } from '../../src/model/person.js';
import type { DataGap } from '../../src/model/warning.js';
import type { PersonWeekMetrics, SeriesSummary } from '../../src/metrics/types.js';
import type { BaselineInput, CalendarImport, OrgSettings, Roster, TokenInput } from '../../src/storage/store.js';
import { attendees, DAY, email, HOUR, MIN, occurrence, person, recurrence, team, weekMetrics, type OccurrenceInput } from '../rules/factory.js';

export { DAY, HOUR, MIN, email, person, team };

/** Monday 2025-01-06 00:00Z, the start of ISO week 2025-W02. */
export const W0 = Date.parse('2025-01-06T00:00:00Z');
export const WEEK = 7 * DAY;

export const ANA = email('ana');
export const BO = email('bo');
export const CY = email('cy');
export const DEE = email('dee');

/**
 * One occurrence as a connector hands it over: on `owner`'s calendar, with attendees, an agenda and
 * provenance. `start` is ISO (UTC unless an offset is given).
 */
export function meeting(owner: string, start: string, over: OccurrenceInput = {}): Occurrence {
  const uid = over.uid ?? `${start}-${owner}@example.com`;
  return occurrence({
    start,
    durationMin: 30,
    ownerEmail: owner,
    calendarId: `${owner}.ics`,
    uid,
    organizer: ANA,
    timeZone: 'Europe/Berlin',
    title: 'Roadmap sync',
    attendees: [
      ...attendees([ANA], { name: 'Ana Alves', response: 'accepted', role: 'chair' }),
      ...attendees([BO, CY], { response: 'tentative' }),
      { email: 'room-1@example.com', name: 'Room 1', response: 'accepted', role: 'non-participant', isResource: true },
    ],
    selfResponse: owner === ANA ? 'organizer' : 'accepted',
    agenda: { textLength: 42, text: 'Review the Q1 roadmap and agree on owners.', attachmentCount: 1, hasNoteTaker: true },
    createdMs: Date.parse('2024-12-01T08:15:00Z'),
    lastModifiedMs: Date.parse('2024-12-02T10:00:00Z'),
    origin: `${owner}.ics:120`,
    ...over,
  });
}

/** Weekly instances of one series on `owner`'s calendar, `count` weeks from `start`. */
export function weekly(owner: string, seriesId: string, start: string, count: number, over: OccurrenceInput = {}): Occurrence[] {
  const first = Date.parse(start.endsWith('Z') ? start : `${start}Z`);
  return Array.from({ length: count }, (_, i) => {
    const startMs = first + i * WEEK;
    return meeting(owner, start, {
      uid: seriesId,
      seriesId,
      recurrence: recurrence('weekly', { rule: 'FREQ=WEEKLY;BYDAY=TU' }),
      recurrenceIdMs: startMs,
      startMs,
      endMs: startMs + 30 * MIN,
      ...over,
    });
  });
}

export function calendarImport(over: Partial<CalendarImport> = {}): CalendarImport {
  return {
    source: 'ics',
    externalId: 'upload',
    ownerEmail: ANA,
    timeZone: 'Europe/Berlin',
    fromMs: W0,
    toMs: W0 + 4 * WEEK,
    checksum: 'a'.repeat(64),
    actor: 'cli',
    atMs: Date.parse('2025-02-03T12:00:00Z'),
    occurrences: [],
    warnings: [],
    ...over,
  };
}

export function orgSettings(over: Partial<OrgSettings> = {}): OrgSettings {
  return {
    defaults: {
      timeZone: 'Europe/Berlin',
      workingHours: { ...DEFAULT_WORKING_HOURS, days: [...DEFAULT_WORKING_HOURS.days] },
      humaneHours: { days: [1, 2, 3, 4, 5], startMin: 8 * 60, endMin: 19 * 60 },
      hourlyRate: 90,
    },
    definitions: structuredClone(DEFAULT_DEFINITIONS),
    rules: { 'large-meeting': { enabled: true, severity: 'warning', options: { maxAttendees: 10 } } },
    minGroupSize: 3,
    ...over,
  };
}

/** Ana and Bo in team "core" (Ana leads), Cy in "ops" (Americas). */
export function sampleRoster(): Roster {
  return {
    people: [
      person(ANA, { name: 'Ana Alves', timeZone: 'Europe/Berlin', teams: ['core'], hourlyRate: 120 }),
      person(BO, { timeZone: 'Europe/Lisbon', teams: ['core'], humaneHours: { days: [1, 2, 3, 4], startMin: 480, endMin: 1140 } }),
      person(CY, { name: 'Cy', timeZone: 'America/Chicago', teams: ['ops'] }),
    ],
    teams: [
      team('core', [ANA, BO], { name: 'Core platform', leads: [ANA], noMeetingDay: 3 }),
      team('ops', [CY], { overlapWindow: { startMin: 900, endMin: 1020, timeZone: 'Europe/Berlin' } }),
    ],
    settings: orgSettings(),
  };
}

export function personWeek(personEmail: string, week: string, over: Partial<PersonWeekMetrics> = {}): { person: string; metrics: PersonWeekMetrics } {
  return { person: personEmail, metrics: weekMetrics({ week, meetingCount: 12, meetingHours: 9.5, attendeeHours: 31.25, shortNoticeShare: 0.125, ...over }) };
}

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'long-meeting',
    severity: 'warning',
    subject: { type: 'occurrence', person: ANA, uid: 'u1', startMs: W0 + 9 * HOUR, title: 'Roadmap sync' },
    person: ANA,
    week: '2025-W02',
    message: 'Roadmap sync runs 90 minutes',
    evidence: { durationMin: 90, attendees: [ANA, BO], recurring: false, agenda: null },
    hoursAtStake: 1.5,
    ...over,
  };
}

export function seriesSummary(seriesId: string, weeklyAttendeeHours: number, audited: string[], over: Partial<SeriesSummary> = {}): SeriesSummary {
  return {
    seriesId,
    title: `Series ${seriesId}`,
    organizer: audited[0] ?? null,
    cadence: 'weekly',
    perWeek: 1,
    durationMin: 30,
    participants: 4,
    weeklyAttendeeHours,
    weeklyCost: null,
    hasAgenda: false,
    hasEnd: false,
    occurrencesInWindow: 4,
    audited,
    ...over,
  };
}

export function gap(over: Partial<DataGap> = {}): DataGap {
  return { calendarId: 'cy.ics', ownerEmail: CY, reason: 'cy.ics: not an iCalendar file', fromMs: null, toMs: null, ...over };
}

export function baselineInput(over: Partial<BaselineInput> = {}): BaselineInput {
  return {
    scope: { type: 'org' },
    weeks: ['2025-W02', '2025-W03', '2025-W04', '2025-W05'],
    definitionsVersion: DEFAULT_DEFINITIONS.version,
    definitions: structuredClone(DEFAULT_DEFINITIONS),
    createdMs: Date.parse('2025-02-03T09:00:00Z'),
    actor: 'token:1',
    numbers: { meetingHours: { median: 11.25, p90: 19.5 }, people: 3, perWeek: [10.5, 11, 12.25, 9] },
    ...over,
  };
}

export function tokenInput(over: Partial<TokenInput> = {}): TokenInput {
  return { hash: 'f'.repeat(64), role: 'admin', teamId: null, personEmail: null, label: 'ops laptop', createdMs: W0, ...over };
}
