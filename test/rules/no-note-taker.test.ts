import { describe } from 'vitest';
import rule from '../../src/rules/no-note-taker.js';
import { calendars, context, email, occurrence, ruleTable, series } from './factory.js';

const five = [email('bo'), email('cy'), email('dee'), email('eve')];

describe('rules: no-note-taker', () => {
  ruleTable(rule, {
    valid: [
      { name: 'a 3-person series (below 4)', ctx: () => context({ meetings: series({ seriesId: 's1' }) }) },
      {
        name: 'a series where one occurrence names a note-taker on an attendee copy only',
        ctx: () => {
          const byPerson = calendars(series({ seriesId: 's1', people: five }));
          const eve = email('eve');
          byPerson.set(
            eve,
            byPerson.get(eve)!.map((o, i) => (i === 1 ? { ...o, agenda: { ...o.agenda, hasNoteTaker: true } } : o)),
          );
          return context({ occurrencesByPerson: byPerson });
        },
      },
      { name: 'a one-off meeting of five', ctx: () => context({ meetings: [occurrence({ people: five })] }) },
    ],
    invalid: [
      {
        name: 'flags a weekly 5-person series with no note-taker, at 10% of its attendee-hours',
        ctx: () => context({ meetings: series({ seriesId: 'r', title: 'Roadmap review', people: five }) }),
        findings: [
          {
            message:
              "Weekly 'Roadmap review' (60 min, 5 people) has no designated note-taker in 4 occurrences: 0.5 h a week at stake (10% of 5.0 attendee-hours)",
            subject: { type: 'series', seriesId: 'r' },
            evidence: { stakeShare: 0.1, weeklyAttendeeHours: 5 },
            hoursAtStake: 0.5,
          },
        ],
      },
      {
        name: 'flags a 3-person series when minParticipants is 3',
        ctx: () => context({ meetings: series({ seriesId: 's1', count: 1 }) }),
        options: { minParticipants: 3 },
        findings: [{ message: /in 1 occurrence:/, hoursAtStake: 0.3 }],
      },
    ],
  });
});
