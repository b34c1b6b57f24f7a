import { describe } from 'vitest';
import rule from '../../src/rules/recurring-without-end.js';
import { context, email, occurrence, ruleTable, series } from './factory.js';

const four = [email('bo'), email('cy'), email('dee')];

describe('rules: recurring-without-end', () => {
  ruleTable(rule, {
    valid: [
      { name: 'a series with an end (COUNT or UNTIL)', ctx: () => context({ meetings: series({ seriesId: 's1', hasEnd: true }) }) },
      {
        name: 'an endless series of two people (a 1:1)',
        ctx: () => context({ meetings: series({ seriesId: 's1', people: [email('bo')] }) }),
      },
      { name: 'an endless one-off does not exist: a one-off', ctx: () => context({ meetings: [occurrence()] }) },
      {
        name: 'an endless 3-person series when minParticipants is 4',
        ctx: () => context({ meetings: series({ seriesId: 's1' }) }),
        options: { minParticipants: 4 },
      },
    ],
    invalid: [
      {
        name: 'flags an endless weekly series of four people',
        ctx: () => context({ meetings: series({ seriesId: 'w', title: 'Planning', durationMin: 30, people: four }) }),
        findings: [
          {
            message:
              "Weekly 'Planning' (30 min, 4 people) has no end date: 2.0 attendee-hours a week with no point at which anyone must decide to keep it",
            subject: { type: 'series', seriesId: 'w' },
            person: email('ana'),
            evidence: { rule: 'FREQ=WEEKLY', participants: 4 },
            hoursAtStake: 2,
          },
        ],
      },
      {
        name: 'judges the end on the latest occurrence (an end that was removed)',
        ctx: () => {
          const list = series({ seriesId: 's1', hasEnd: true });
          const last = list[list.length - 1];
          list[list.length - 1] = { ...last, recurrence: { ...last.recurrence!, hasEnd: false } };
          return context({ meetings: list });
        },
        findings: [{ subject: { seriesId: 's1' }, hoursAtStake: 3 }],
      },
      {
        name: 'flags a 1:1 series when minParticipants is 2',
        ctx: () => context({ meetings: series({ seriesId: 'one', people: [email('bo')], cadence: 'biweekly' }) }),
        options: { minParticipants: 2 },
        findings: [{ evidence: { cadence: 'biweekly', perWeek: 0.5 }, hoursAtStake: 1 }],
      },
    ],
  });
});
