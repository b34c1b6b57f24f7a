import { describe } from 'vitest';
import rule from '../../src/rules/meeting-overload.js';
import { context, email, ruleTable, weekMetrics } from './factory.js';

const ana = email('ana');
const week = (meetingHours: number, workingHours: number, share = workingHours > 0 ? meetingHours / workingHours : 0) => ({
  [ana]: [weekMetrics({ meetingHours, workingHours, meetingShareOfWorkingTime: share })],
});

describe('rules: meeting-overload', () => {
  ruleTable(rule, {
    valid: [
      { name: '20 h of 40 (both limits reached, not passed)', ctx: () => context({ weeksByPerson: week(20, 40) }) },
      { name: '10 h in a week with no working time', ctx: () => context({ weeksByPerson: week(10, 0) }) },
      {
        name: '24 h of 40 with limits 25 h and 65%',
        ctx: () => context({ weeksByPerson: week(24, 40) }),
        options: { maxMeetingHours: 25, maxShare: 0.65 },
      },
    ],
    invalid: [
      {
        name: 'flags 24 h of 40 (60%) at 4 h over',
        ctx: () => context({ weeksByPerson: week(24, 40) }),
        findings: [
          {
            message:
              'ana@example.com spent 24.0 h in meetings in 2024-W10, 60% of 40.0 working hours (limits: 20 h, 50%): 4.0 h over',
            subject: { type: 'person-week', person: ana, week: '2024-W10' },
            evidence: { overHours: true, overShare: true, limitHours: 20 },
            hoursAtStake: 4,
            severity: undefined,
          },
        ],
      },
      {
        name: 'marks a week above 70% critical',
        ctx: () => context({ weeksByPerson: week(30, 40) }),
        findings: [{ severity: 'critical', hoursAtStake: 10 }],
      },
      {
        name: 'flags 22 h in a 60-hour week on hours alone',
        ctx: () => context({ weeksByPerson: week(22, 60) }),
        findings: [{ evidence: { overHours: true, overShare: false, limitHours: 20 }, hoursAtStake: 2 }],
      },
      {
        name: 'flags a part-time week on share alone, against the lower limit',
        ctx: () => context({ weeksByPerson: week(16, 28) }),
        findings: [{ evidence: { overHours: false, overShare: true, limitHours: 14 }, hoursAtStake: 2 }],
      },
      {
        name: 'flags 25 h in a week with no working time against the hour cap',
        ctx: () => context({ weeksByPerson: week(25, 0) }),
        findings: [{ evidence: { limitHours: 20 }, hoursAtStake: 5 }],
      },
      {
        name: 'uses criticalShare from the options',
        ctx: () => context({ weeksByPerson: week(24, 40) }),
        options: { criticalShare: 0.55 },
        findings: [{ severity: 'critical' }],
      },
    ],
  });
});
