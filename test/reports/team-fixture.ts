/**
 * A small team run through the real pipeline (buildAuditReport: measurePersonWeeks, the rules and
 * the series inventory) so the report builders are tested on what the Store will hand them.
 */
import { DEFAULT_DEFINITIONS } from '../../src/model/definitions.js';
import type { Finding } from '../../src/model/finding.js';
import type { Occurrence } from '../../src/model/occurrence.js';
import type { Person, Team } from '../../src/model/person.js';
import type { PersonWeekMetrics, SeriesSummary } from '../../src/metrics/types.js';
import { buildAuditReport } from '../../src/reports/build-audit.js';
import { calendars, email, occurrence, person, series, team, WINDOW } from '../rules/factory.js';

export const ana = email('ana');
export const bo = email('bo');
export const cy = email('cy');
export const dee = email('dee');
export const eli = email('eli');
export const fay = email('fay');

export const WEDNESDAY = 3;

export interface Pipeline {
  team: Team;
  people: Person[];
  personWeeks: { person: string; metrics: PersonWeekMetrics }[];
  findings: Finding[];
  series: SeriesSummary[];
}

/**
 * Six members (four in Berlin, one in New York, one in Tokyo), four weeks 2024-W10..W13, a
 * Wednesday no-meeting day:
 * - `Platform sync, "core"`: weekly on Tuesdays 10:00-11:00Z, ana organizes, everyone attends
 *   (06:00 in New York and 19:00 in Tokyo: a timezone tax for eli and fay);
 * - a one-off on Wednesday 2024-03-06 13:00Z with ana and bo (a no-meeting-day breach in W10);
 * - a private one-off between cy and dee in W10 whose description holds "SECRET".
 */
export function pipeline(extra: Occurrence[] = []): Pipeline {
  const t = team('platform', [ana, bo, cy, dee, eli, fay], { name: 'Platform', noMeetingDay: WEDNESDAY });
  const berlin = { timeZone: 'Europe/Berlin', teams: ['platform'] };
  const people = [
    person(ana, { ...berlin, name: 'Ana' }),
    person(bo, berlin),
    person(cy, berlin),
    person(dee, berlin),
    person(eli, { timeZone: 'America/New_York', teams: ['platform'], name: 'Eli' }),
    person(fay, { timeZone: 'Asia/Tokyo', teams: ['platform'], name: 'Fay' }),
  ];
  const occurrences = [
    ...series({
      seriesId: 'sync',
      title: 'Platform sync, "core"',
      start: '2024-03-05T10:00:00Z',
      organizer: ana,
      people: [bo, cy, dee, eli, fay],
      agendaChars: 200,
    }),
    occurrence({ uid: 'wed', title: 'Wednesday chat', start: '2024-03-06T13:00:00Z', durationMin: 30, organizer: ana, people: [bo] }),
    occurrence({
      uid: 'private',
      title: 'Private event',
      isPrivate: true,
      start: '2024-03-07T09:00:00Z',
      durationMin: 90,
      organizer: cy,
      people: [dee],
      agenda: { textLength: 40, text: 'SECRET reorganisation plans', attachmentCount: 0, hasNoteTaker: false },
    }),
    ...extra,
  ];
  const byPerson = calendars(occurrences);
  const audit = buildAuditReport({
    audited: people.map((p) => ({ person: p, calendars: [`${p.email}.ics`], occurrences: byPerson.get(p.email) ?? [] })),
    roster: people,
    teams: [t],
    definitions: DEFAULT_DEFINITIONS,
    rules: {},
    window: WINDOW,
    warnings: [],
    gaps: [],
  });
  return {
    team: t,
    people,
    personWeeks: audit.people.flatMap((p) => p.weeks.map((metrics) => ({ person: p.email, metrics }))),
    findings: audit.findings,
    series: audit.series,
  };
}
