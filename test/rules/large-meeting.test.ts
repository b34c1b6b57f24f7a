import { describe } from 'vitest';
import rule from '../../src/rules/large-meeting.js';
import { at, attendees, context, email, occurrence, ruleTable, series } from './factory.js';

const people = (n: number) => Array.from({ length: n - 1 }, (_, i) => email(`p${i + 1}`));

describe('rules: large-meeting', () => {
  ruleTable(rule, {
    valid: [
      { name: 'a series of exactly 8 people', ctx: () => context({ meetings: series({ seriesId: 's', people: people(8) }) }) },
      {
        name: 'a one-off of 8 people and two rooms (rooms are not people)',
        ctx: () =>
          context({
            meetings: [
              occurrence({
                attendees: [
                  ...attendees(people(8)),
                  ...attendees(['room-a@example.com', 'room-b@example.com'], { isResource: true }),
                ],
              }),
            ],
          }),
      },
      {
        name: 'a one-off of 10 when maxAttendees is 12',
        ctx: () => context({ meetings: [occurrence({ people: people(10) })] }),
        options: { maxAttendees: 12 },
      },
    ],
    invalid: [
      {
        name: 'flags a one-off of 9 people',
        ctx: () => context({ meetings: [occurrence({ uid: 'all', title: 'All hands prep', people: people(9) })] }),
        findings: [
          {
            message: "'All hands prep' on 2024-03-05 10:00 UTC (60 min, 9 people) is large (more than 8 people): 9.0 attendee-hours",
            subject: { type: 'occurrence', uid: 'all', startMs: at('2024-03-05T10:00:00Z') },
            person: email('ana'),
            week: '2024-W10',
            evidence: { participants: 9, maxAttendees: 8, attendeeHours: 9 },
            hoursAtStake: 9,
          },
        ],
      },
      {
        name: 'flags a weekly 30-minute series of 10 once',
        ctx: () => context({ meetings: series({ seriesId: 'big', title: 'Demo', durationMin: 30, people: people(10) }) }),
        findings: [
          {
            message: "Weekly 'Demo' (30 min, 10 people) is large (more than 8 people): 5.0 attendee-hours a week",
            subject: { type: 'series', seriesId: 'big' },
            hoursAtStake: 5,
          },
        ],
      },
      {
        name: 'takes the default limit from the definitions',
        ctx: () => context({ meetings: [occurrence({ people: people(5) })], definitions: { largeMeetingAttendees: 4 } }),
        findings: [{ evidence: { maxAttendees: 4 }, hoursAtStake: 5 }],
      },
      {
        name: 'lets the option override the definitions',
        ctx: () => context({ meetings: [occurrence()], definitions: { largeMeetingAttendees: 20 } }),
        options: { maxAttendees: 2 },
        findings: [{ evidence: { maxAttendees: 2 }, hoursAtStake: 3 }],
      },
    ],
  });
});
