import { describe } from 'vitest';
import rule from '../../src/rules/double-booked.js';
import { calendars, context, email, mergeCalendars, occurrence, person, ruleTable, weekMetrics } from './factory.js';

const ana = email('ana');

function anaCalendar() {
  return mergeCalendars(
    calendars(
      [
        occurrence({ uid: 'a', title: 'Design review', start: '2024-03-05T10:00:00Z' }),
        occurrence({ uid: 'b', title: 'Hiring sync', start: '2024-03-05T10:30:00Z' }),
        occurrence({ uid: 'c', title: 'Back to back', start: '2024-03-05T11:30:00Z' }),
        // Next week: not part of W10's evidence.
        occurrence({ uid: 'd', title: 'Other week A', start: '2024-03-12T10:00:00Z' }),
        occurrence({ uid: 'e', title: 'Other week B', start: '2024-03-12T10:00:00Z' }),
      ],
      [ana],
    ),
  );
}

describe('rules: double-booked', () => {
  ruleTable(rule, {
    valid: [
      { name: 'a week with no conflicting hours', ctx: () => context({ weeksByPerson: { [ana]: [weekMetrics()] } }) },
      {
        name: '1 conflicting hour when minConflictingHours is 1',
        ctx: () => context({ weeksByPerson: { [ana]: [weekMetrics({ conflictingHours: 1 })] } }),
        options: { minConflictingHours: 1 },
      },
    ],
    invalid: [
      {
        name: 'flags a week with two overlapping meetings and names them',
        ctx: () =>
          context({
            occurrencesByPerson: anaCalendar(),
            people: [person(ana)],
            weeksByPerson: { [ana]: [weekMetrics({ conflictingHours: 2 })] },
          }),
        findings: [
          {
            message:
              "ana@example.com was double-booked for 2.0 h of meetings in 2024-W10 (1 overlap: 2024-03-05 10:30 'Design review' overlaps 'Hiring sync')",
            subject: { type: 'person-week', person: ana, week: '2024-W10' },
            evidence: { conflictingHours: 2, overlaps: ["2024-03-05 10:30 'Design review' overlaps 'Hiring sync'"] },
            hoursAtStake: 1,
          },
        ],
      },
      {
        name: "reads the overlaps in the person's zone and keeps private titles redacted",
        ctx: () => {
          const byPerson = calendars(
            [
              occurrence({ uid: 'p', title: 'Private event', isPrivate: true, start: '2024-03-05T10:00:00Z',
                agenda: { textLength: 30, text: 'SECRET doctor visit', attachmentCount: 0, hasNoteTaker: false } }),
              occurrence({ uid: 'q', title: 'Standup', start: '2024-03-05T10:15:00Z', durationMin: 15 }),
            ],
            [ana],
          );
          return context({
            occurrencesByPerson: byPerson,
            people: [person(ana, { timeZone: 'Asia/Tokyo' })],
            weeksByPerson: { [ana]: [weekMetrics({ conflictingHours: 1.25 })] },
          });
        },
        findings: [
          { evidence: { overlaps: ["2024-03-05 19:15 'Private event' overlaps 'Standup'"] }, hoursAtStake: 0.625 },
        ],
      },
      {
        name: 'still flags the week when no occurrences are at hand',
        ctx: () => context({ weeksByPerson: { [ana]: [weekMetrics({ week: '2024-W11', conflictingHours: 3 })] } }),
        findings: [
          { message: 'ana@example.com was double-booked for 3.0 h of meetings in 2024-W11', evidence: { overlaps: [] }, hoursAtStake: 1.5 },
        ],
      },
      {
        name: 'one finding per flagged week, each with its own overlaps',
        ctx: () =>
          context({
            occurrencesByPerson: anaCalendar(),
            weeksByPerson: {
              [ana]: [weekMetrics({ week: '2024-W10', conflictingHours: 2 }), weekMetrics({ week: '2024-W11', conflictingHours: 2 })],
            },
          }),
        findings: [
          { week: '2024-W10', evidence: { overlaps: ["2024-03-05 10:30 'Design review' overlaps 'Hiring sync'"] } },
          { week: '2024-W11', evidence: { overlaps: ["2024-03-12 10:00 'Other week A' overlaps 'Other week B'"] } },
        ],
      },
    ],
  });
});
