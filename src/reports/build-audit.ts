import type { Definitions } from '../model/definitions.js';
import type { Occurrence } from '../model/occurrence.js';
import type { Person, Team } from '../model/person.js';
import { formatUtc } from '../model/time.js';
import type { AuditWarning, DataGap } from '../model/warning.js';
import { measurePersonWeeks } from '../metrics/measure-person-weeks.js';
import { MeetingIndex } from '../metrics/series.js';
import type { PersonWeekMetrics } from '../metrics/types.js';
import type { RuleContext } from '../rules/define-rule.js';
import { runRules, type RulesConfig } from '../rules/engine.js';
import { seriesGroupsOf } from '../rules/support.js';
import type { AuditReport, AuditedPerson } from './audit-report.js';

export interface AuditedCalendarSet {
  person: Person;
  /** Files or calendar ids read for this person. */
  calendars: string[];
  /** Classified occurrences from all of this person's calendars, sorted by start. */
  occurrences: Occurrence[];
  /** This person's own window when it differs from the audit's (local-midnight windows). */
  window?: { fromMs: number; toMs: number };
}

/**
 * The per-person part of buildAuditReport, done as each calendar set becomes ready, in any order
 * (e.g. while other calendars are still being read): its weeks measured and its meetings indexed.
 * buildAuditReport uses the work when given the same definitions and window.
 */
export class AuditPreparation {
  readonly meetings: MeetingIndex;
  private readonly weeks = new WeakMap<AuditedCalendarSet, PersonWeekMetrics[]>();

  constructor(
    readonly definitions: Definitions,
    readonly window: { fromMs: number; toMs: number },
  ) {
    this.meetings = new MeetingIndex({ fromMs: window.fromMs, toMs: window.toMs });
  }

  add(a: AuditedCalendarSet): void {
    this.weeks.set(a, measurePersonWeeks(a.person, a.occurrences, this.definitions, a.window ?? this.window));
    // Two sets of one person: buildAuditReport keeps only the last, so the index cannot be used.
    if (!this.meetings.has(a.person.email)) this.meetings.add(a.person.email, a.occurrences);
  }

  weeksOf(a: AuditedCalendarSet): PersonWeekMetrics[] | undefined {
    return this.weeks.get(a);
  }
}

export interface AuditInput {
  audited: AuditedCalendarSet[];
  /** Everyone known (roster members without a calendar too), for attendees' zones and hours. */
  roster: Person[];
  teams: Team[];
  definitions: Definitions;
  rules: RulesConfig;
  window: { fromMs: number; toMs: number };
  /** How to print the window: defaults to UTC instants. */
  windowLabel?: { from: string; to: string };
  warnings: AuditWarning[];
  gaps: DataGap[];
  /** Work already done on `audited` (see AuditPreparation). */
  prepared?: AuditPreparation;
}

/** The Phase 1 audit from already-read calendars. Pure: no clock, no I/O. */
export function buildAuditReport(input: AuditInput): AuditReport {
  const { definitions, window } = input;
  const { prepared } = input;
  const usable =
    prepared?.definitions === definitions && prepared.window.fromMs === window.fromMs && prepared.window.toMs === window.toMs
      ? prepared
      : undefined;
  const personByEmail = new Map<string, Person>();
  for (const p of input.roster) personByEmail.set(p.email, p);
  for (const a of input.audited) personByEmail.set(a.person.email, a.person);

  const occurrencesByPerson = new Map<string, Occurrence[]>();
  const weeksByPerson = new Map<string, PersonWeekMetrics[]>();
  const people: AuditedPerson[] = [];
  const excluded: Record<string, number> = {};
  const notMeetings: Record<string, number> = {};
  let occurrenceCount = 0;
  let meetingCount = 0;
  for (const a of [...input.audited].sort((x, y) => (x.person.email < y.person.email ? -1 : 1))) {
    const weeks = usable?.weeksOf(a) ?? measurePersonWeeks(a.person, a.occurrences, definitions, a.window ?? window);
    occurrencesByPerson.set(a.person.email, a.occurrences);
    weeksByPerson.set(a.person.email, weeks);
    for (const o of a.occurrences) {
      occurrenceCount++;
      if (o.kind === 'meeting') meetingCount++;
      else if (o.kind === 'excluded') excluded[o.excludedReason ?? 'other'] = (excluded[o.excludedReason ?? 'other'] ?? 0) + 1;
      else notMeetings[o.kind] = (notMeetings[o.kind] ?? 0) + 1;
    }
    people.push({
      email: a.person.email,
      name: a.person.name,
      timeZone: a.person.timeZone,
      region: a.person.region,
      teams: a.person.teams,
      calendars: a.calendars,
      weeks,
    });
  }

  const ctx: RuleContext = {
    definitions,
    people: input.audited.map((a) => a.person),
    personByEmail,
    teams: input.teams,
    occurrencesByPerson,
    weeksByPerson,
    window,
    meetingIndex: usable?.meetings,
  };
  // The inventory is the rules' own series grouping (collectSeries computes the same): grouped once, for both.
  const series = seriesGroupsOf(ctx).map((g) => g.summary);
  return {
    definitionsVersion: definitions.version,
    window: input.windowLabel ?? { from: formatUtc(window.fromMs), to: formatUtc(window.toMs) },
    people,
    series,
    findings: runRules(ctx, input.rules),
    warnings: input.warnings,
    coverage: {
      calendars: input.audited.reduce((n, a) => n + a.calendars.length, 0),
      occurrences: occurrenceCount,
      meetings: meetingCount,
      excluded,
      notMeetings,
      gaps: input.gaps,
    },
  };
}
