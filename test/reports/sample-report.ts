import type { PersonWeekMetrics } from '../../src/metrics/types.js';
import type { Finding } from '../../src/model/finding.js';
import type { AuditReport, SeriesSummary } from '../../src/reports/audit-report.js';

/** Builders for the renderer tests: a small two-person report and its parts. */

export function week(week: string, fields: Partial<PersonWeekMetrics> = {}): PersonWeekMetrics {
  return {
    week,
    workingHours: 40,
    outOfOfficeHours: 0,
    meetingCount: 10,
    meetingHours: 12,
    meetingShareOfWorkingTime: 0.3,
    recurringMeetingHours: 8,
    oneOffMeetingHours: 4,
    focusHours: 14,
    fragmentedHours: 6,
    refocusTaxHours: 1.5,
    backToBackChains: 2,
    conflictingHours: 0.5,
    afterHoursMeetingHours: 1,
    largeMeetingHours: 2,
    longMeetingHours: 3,
    meetingHeavyDays: 1,
    shortNoticeShare: 0.1,
    attendeeHours: 40,
    attendeeCost: null,
    ...fields,
  };
}

export function finding(ruleId: string, hoursAtStake: number, message: string, severity: Finding['severity'] = 'warning'): Finding {
  return {
    ruleId,
    severity,
    subject: { type: 'person-week', person: 'alice@example.com', week: '2024-W10' },
    person: 'alice@example.com',
    week: '2024-W10',
    message,
    evidence: {},
    hoursAtStake,
  };
}

export function series(title: string, weeklyAttendeeHours: number, fields: Partial<SeriesSummary> = {}): SeriesSummary {
  return {
    seriesId: title,
    title,
    organizer: 'alice@example.com',
    cadence: 'weekly',
    perWeek: 1,
    durationMin: 60,
    participants: 6,
    weeklyAttendeeHours,
    weeklyCost: null,
    hasAgenda: false,
    hasEnd: false,
    occurrencesInWindow: 4,
    audited: ['alice@example.com'],
    ...fields,
  };
}

export function report(fields: Partial<AuditReport> = {}): AuditReport {
  return {
    definitionsVersion: '2026.11.1',
    window: { from: '2024-03-04', to: '2024-03-18' },
    people: [
      {
        email: 'alice@example.com',
        name: 'Alice',
        timeZone: 'Europe/Berlin',
        region: 'EMEA',
        teams: ['platform'],
        calendars: ['alice.ics'],
        weeks: [
          week('2024-W10'),
          week('2024-W11', { meetingCount: 14, meetingHours: 16.25, meetingShareOfWorkingTime: 0.40625, backToBackChains: 5 }),
        ],
      },
      {
        email: 'bob@example.com',
        name: null,
        timeZone: 'America/New_York',
        region: 'Americas',
        teams: [],
        calendars: ['bob.ics'],
        weeks: [],
      },
    ],
    series: [
      series('Weekly sync', 6, { weeklyCost: 600, hasAgenda: true }),
      series('Daily stand-up', 3.75, { cadence: 'daily', perWeek: 5, durationMin: 15, participants: 3, hasEnd: true }),
    ],
    findings: [
      finding('outside-humane-hours', 3.5, 'Alice has 3.5 h of meetings outside humane hours in 2024-W10.', 'critical'),
      finding('recurring-without-agenda', 1.25, 'Weekly sync has no agenda.'),
    ],
    warnings: [{ code: 'capped-recurrence', location: 'alice.ics:120', message: 'Recurrence capped at 5000 occurrences.' }],
    coverage: {
      calendars: 2,
      occurrences: 120,
      meetings: 90,
      excluded: { declined: 5, cancelled: 3, free: 0 },
      notMeetings: {},
      gaps: [],
    },
    ...fields,
  };
}
