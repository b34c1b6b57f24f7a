import { z } from 'zod';
import { defineRule, type RawFinding } from './define-rule.js';
import { formatHours } from './support.js';

const percent = (share: number): string => `${Math.round(share * 100)}%`;

export default defineRule({
  id: 'meeting-overload',
  description: 'Weeks spent mostly in meetings: more than the weekly hour cap or more than half the working time.',
  definition:
    'A person-week with more than `maxMeetingHours` meeting hours, or with meetings taking more than `maxShare` of ' +
    'working time; critical when the share is above `criticalShare`. Hours at stake: meeting hours above the lower of ' +
    'the two limits (`maxShare` x working hours counts only when there is working time).',
  severity: 'warning',
  options: z.strictObject({
    maxMeetingHours: z.number().min(0).default(20),
    maxShare: z.number().min(0).max(1).default(0.5),
    criticalShare: z.number().min(0).max(1).default(0.7),
  }),
  check(ctx, { maxMeetingHours, maxShare, criticalShare }) {
    const findings: RawFinding[] = [];
    for (const [person, weeks] of ctx.weeksByPerson) {
      for (const w of weeks) {
        const overHours = w.meetingHours > maxMeetingHours;
        const overShare = w.meetingShareOfWorkingTime > maxShare;
        if (!overHours && !overShare) continue;
        const limitHours = w.workingHours > 0 ? Math.min(maxMeetingHours, maxShare * w.workingHours) : maxMeetingHours;
        const stake = Math.max(0, w.meetingHours - limitHours);
        const critical = w.meetingShareOfWorkingTime > criticalShare;
        findings.push({
          subject: { type: 'person-week', person, week: w.week },
          person,
          week: w.week,
          message:
            `${person} spent ${formatHours(w.meetingHours)} h in meetings in ${w.week}, ` +
            `${percent(w.meetingShareOfWorkingTime)} of ${formatHours(w.workingHours)} working hours ` +
            `(limits: ${maxMeetingHours} h, ${percent(maxShare)}): ${formatHours(stake)} h over`,
          evidence: {
            meetingHours: w.meetingHours,
            workingHours: w.workingHours,
            meetingShareOfWorkingTime: w.meetingShareOfWorkingTime,
            meetingCount: w.meetingCount,
            overHours,
            overShare,
            limitHours,
            maxMeetingHours,
            maxShare,
            criticalShare,
          },
          hoursAtStake: stake,
          ...(critical ? { severity: 'critical' as const } : {}),
        });
      }
    }
    return findings;
  },
});
