import { describe } from 'vitest';
import rule from '../../src/rules/long-meeting.js';
import { context, email, occurrence, ruleTable, series } from './factory.js';

describe('rules: long-meeting', () => {
  ruleTable(rule, {
    valid: [
      { name: 'a one-off of exactly 60 minutes', ctx: () => context({ meetings: [occurrence({ durationMin: 60 })] }) },
      { name: 'a series of 60 minutes', ctx: () => context({ meetings: series({ seriesId: 's', durationMin: 60 }) }) },
      {
        name: 'a 90-minute one-off when maxDurationMin is 120',
        ctx: () => context({ meetings: [occurrence({ durationMin: 90 })] }),
        options: { maxDurationMin: 120 },
      },
    ],
    invalid: [
      {
        name: 'flags a 90-minute one-off of 4 for its 30 minutes over',
        ctx: () =>
          context({
            meetings: [occurrence({ title: 'Offsite planning', durationMin: 90, people: [email('bo'), email('cy'), email('dee')] })],
          }),
        findings: [
          {
            message:
              "'Offsite planning' on 2024-03-05 10:00 UTC (90 min, 4 people) runs 30 min past the 60 min limit: 2.0 attendee-hours over",
            subject: { type: 'occurrence' },
            week: '2024-W10',
            evidence: { durationMin: 90, maxDurationMin: 60, participants: 4 },
            hoursAtStake: 2,
          },
        ],
      },
      {
        name: 'flags a weekly 2-hour series of 3',
        ctx: () => context({ meetings: series({ seriesId: 'w', title: 'Ops review', durationMin: 120 }) }),
        findings: [
          {
            message: "Weekly 'Ops review' (120 min, 3 people) runs 60 min past the 60 min limit: 3.0 attendee-hours a week over",
            subject: { type: 'series', seriesId: 'w' },
            evidence: { overHoursPerWeek: 3 },
            hoursAtStake: 3,
          },
        ],
      },
      {
        name: 'weighs a daily series by occurrences per week',
        ctx: () => context({ meetings: series({ seriesId: 'd', cadence: 'daily', weekdaysOnly: true, durationMin: 75 }) }),
        findings: [{ hoursAtStake: 3.75 }],
      },
      {
        name: 'takes the default limit from the definitions',
        ctx: () => context({ meetings: [occurrence({ durationMin: 45, people: [email('bo')] })], definitions: { longMeetingMin: 30 } }),
        findings: [{ evidence: { maxDurationMin: 30 }, hoursAtStake: 0.5 }],
      },
    ],
  });
});
