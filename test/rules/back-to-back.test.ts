import { describe } from 'vitest';
import rule from '../../src/rules/back-to-back.js';
import { context, email, ruleTable, weekMetrics } from './factory.js';

const ana = email('ana');

describe('rules: back-to-back', () => {
  ruleTable(rule, {
    valid: [
      { name: 'a week with 2 chains', ctx: () => context({ weeksByPerson: { [ana]: [weekMetrics({ backToBackChains: 2 })] } }) },
      {
        name: 'a week with 5 chains when minChains is 6',
        ctx: () => context({ weeksByPerson: { [ana]: [weekMetrics({ backToBackChains: 5 })] } }),
        options: { minChains: 6 },
      },
      { name: 'no weeks at all', ctx: () => context() },
    ],
    invalid: [
      {
        name: 'flags a week with 3 chains at 15 minutes each',
        ctx: () =>
          context({ weeksByPerson: { [ana]: [weekMetrics({ week: '2024-W11', backToBackChains: 3, meetingHours: 12 })] } }),
        findings: [
          {
            message:
              'ana@example.com had 3 back-to-back runs of meetings in 2024-W11 (at most 5 min between meetings): about 0.8 h of breaks missing',
            subject: { type: 'person-week', person: ana, week: '2024-W11' },
            person: ana,
            week: '2024-W11',
            evidence: { backToBackChains: 3, backToBackGapMin: 5, hoursPerChain: 0.25 },
            hoursAtStake: 0.75,
          },
        ],
      },
      {
        name: 'one finding per person-week',
        ctx: () =>
          context({
            weeksByPerson: {
              [ana]: [
                weekMetrics({ week: '2024-W10', backToBackChains: 8 }),
                weekMetrics({ week: '2024-W11', backToBackChains: 1 }),
                weekMetrics({ week: '2024-W12', backToBackChains: 4 }),
              ],
              [email('bo')]: [weekMetrics({ week: '2024-W10', backToBackChains: 3 })],
            },
          }),
        findings: [
          { week: '2024-W10', person: ana, hoursAtStake: 2 },
          { week: '2024-W12', person: ana, hoursAtStake: 1 },
          { week: '2024-W10', person: email('bo'), hoursAtStake: 0.75 },
        ],
      },
      {
        name: 'charges hoursPerChain per chain',
        ctx: () => context({ weeksByPerson: { [ana]: [weekMetrics({ backToBackChains: 4 })] } }),
        options: { hoursPerChain: 0.5 },
        findings: [{ hoursAtStake: 2 }],
      },
    ],
  });
});
