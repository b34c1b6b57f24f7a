import { describe } from 'vitest';
import rule from '../../src/rules/focus-starved.js';
import { context, email, ruleTable, weekMetrics } from './factory.js';

const ana = email('ana');
const weeks = (...w: Parameters<typeof weekMetrics>[0][]) => ({ [ana]: w.map((x) => weekMetrics(x)) });

describe('rules: focus-starved', () => {
  ruleTable(rule, {
    valid: [
      { name: 'exactly 10 focus hours', ctx: () => context({ weeksByPerson: weeks({ focusHours: 10 }) }) },
      {
        name: 'a mostly out-of-office week (12 working hours)',
        ctx: () => context({ weeksByPerson: weeks({ focusHours: 2, workingHours: 12, outOfOfficeHours: 28 }) }),
      },
      {
        name: '8 focus hours when minFocusHours is 6',
        ctx: () => context({ weeksByPerson: weeks({ focusHours: 8 }) }),
        options: { minFocusHours: 6 },
      },
    ],
    invalid: [
      {
        name: 'flags 4.5 focus hours in a full week',
        ctx: () => context({ weeksByPerson: weeks({ week: '2024-W12', focusHours: 4.5, fragmentedHours: 9 }) }),
        findings: [
          {
            message: 'ana@example.com had 4.5 h of focus time in 2024-W12 (blocks of 120 min or more), 5.5 h short of 10 h',
            subject: { type: 'person-week', person: ana, week: '2024-W12' },
            evidence: { focusHours: 4.5, fragmentedHours: 9, minFocusHours: 10, focusBlockMin: 120 },
            hoursAtStake: 5.5,
          },
        ],
      },
      {
        name: 'flags a 16-hour week (the working-hours floor is inclusive)',
        ctx: () => context({ weeksByPerson: weeks({ focusHours: 0, workingHours: 16 }), definitions: { focusBlockMin: 90 } }),
        findings: [{ evidence: { focusBlockMin: 90 }, hoursAtStake: 10 }],
      },
      {
        name: 'flags only the starved weeks',
        ctx: () =>
          context({
            weeksByPerson: weeks({ week: '2024-W10', focusHours: 12 }, { week: '2024-W11', focusHours: 9 }),
          }),
        findings: [{ week: '2024-W11', hoursAtStake: 1 }],
      },
      {
        name: 'uses minFocusHours and minWorkingHours options',
        ctx: () => context({ weeksByPerson: weeks({ focusHours: 12, workingHours: 20 }) }),
        options: { minFocusHours: 15, minWorkingHours: 20 },
        findings: [{ hoursAtStake: 3 }],
      },
    ],
  });
});
