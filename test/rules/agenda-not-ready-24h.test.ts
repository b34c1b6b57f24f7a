import { describe } from 'vitest';
import rule from '../../src/rules/agenda-not-ready-24h.js';
import { at, calendars, context, email, HOUR, occurrence, ruleTable, series } from './factory.js';

const START = '2024-03-05T10:00:00Z';
const start = at(START);
const five = [email('bo'), email('cy'), email('dee'), email('eve')];

describe('rules: agenda-not-ready-24h', () => {
  ruleTable(rule, {
    valid: [
      {
        name: 'a two-person meeting without agenda (below 3 participants)',
        ctx: () => context({ meetings: [occurrence({ people: [email('bo')] })] }),
      },
      {
        name: 'a recurring series without agenda (the series rule covers it)',
        ctx: () => context({ meetings: series({ seriesId: 's1' }) }),
      },
      {
        name: 'an agenda last changed exactly 24 h before the start',
        ctx: () => context({ meetings: [occurrence({ agendaChars: 50, lastModifiedMs: start - 24 * HOUR })] }),
      },
      {
        name: 'an agenda with no known creation or modification time',
        ctx: () => context({ meetings: [occurrence({ agendaChars: 50 })] }),
      },
      {
        name: 'an agenda created days ahead and edited only after the start (notes)',
        ctx: () =>
          context({
            meetings: [occurrence({ agendaChars: 50, createdMs: start - 72 * HOUR, lastModifiedMs: start + 2 * HOUR })],
          }),
      },
      {
        name: 'an agenda whose earliest copy shows it ready 48 h ahead (later RSVP edits on other copies)',
        ctx: () => {
          const byPerson = calendars([occurrence({ agendaChars: 50, lastModifiedMs: start - HOUR })]);
          byPerson.set(email('bo'), byPerson.get(email('bo'))!.map((o) => ({ ...o, lastModifiedMs: start - 48 * HOUR })));
          return context({ occurrencesByPerson: byPerson });
        },
      },
      {
        name: 'an agenda 13 h ahead when leadHours is 12',
        ctx: () => context({ meetings: [occurrence({ agendaChars: 50, lastModifiedMs: start - 13 * HOUR })] }),
        options: { leadHours: 12 },
      },
    ],
    invalid: [
      {
        name: 'flags a 3-person one-off with no agenda, once across its three calendars',
        ctx: () => context({ meetings: [occurrence({ uid: 'kick', title: 'Kickoff', start: START })] }),
        findings: [
          {
            message: "'Kickoff' on 2024-03-05 10:00 UTC (60 min, 3 people) has no agenda: 3.0 attendee-hours",
            subject: { type: 'occurrence', person: email('ana'), uid: 'kick', startMs: start, title: 'Kickoff' },
            person: email('ana'),
            week: '2024-W10',
            evidence: { reason: 'no-agenda', participants: 3, readyHoursBeforeStart: null },
            hoursAtStake: 3,
          },
        ],
      },
      {
        name: 'flags an agenda last changed 2 h before the start',
        ctx: () => context({ meetings: [occurrence({ title: 'Review', agendaChars: 80, lastModifiedMs: start - 2 * HOUR })] }),
        findings: [
          {
            message:
              "'Review' on 2024-03-05 10:00 UTC (60 min, 3 people) had its agenda last changed only 2.0 h before it started (less than 24 h): 3.0 attendee-hours",
            evidence: { reason: 'agenda-late', readyHoursBeforeStart: 2, descriptionChars: 80 },
            hoursAtStake: 3,
          },
        ],
      },
      {
        name: 'flags a meeting created 5 h before the start even if only edited after it',
        ctx: () =>
          context({
            meetings: [occurrence({ agendaChars: 80, createdMs: start - 5 * HOUR, lastModifiedMs: start + HOUR })],
          }),
        findings: [{ evidence: { reason: 'agenda-late', readyHoursBeforeStart: 5 } }],
      },
      {
        name: 'flags a 19-character description as no agenda and weighs it by length and size',
        ctx: () => context({ meetings: [occurrence({ agendaChars: 19, durationMin: 30, people: five })] }),
        options: { minParticipants: 5 },
        findings: [{ evidence: { reason: 'no-agenda', descriptionChars: 19, participants: 5 }, hoursAtStake: 2.5 }],
      },
      {
        name: 'files a meeting organized outside the audit under the first audited attendee',
        ctx: () =>
          context({
            occurrencesByPerson: calendars([occurrence({ organizer: 'ext@partner.com', people: five })], [email('cy'), email('bo')]),
          }),
        findings: [{ person: email('bo'), subject: { person: email('bo') } }],
      },
    ],
  });
});
