import { z } from 'zod';
import { defineRule, type RawFinding } from './define-rule.js';
import { formatHours } from './support.js';

export default defineRule({
  id: 'focus-starved',
  description: 'Weeks with too little focus time (Viva flags people under 10 focus hours a week).',
  definition:
    'A person-week with fewer than `minFocusHours` focus hours (free blocks of at least `focusBlockMin` minutes inside ' +
    'working hours, plus booked focus blocks) and at least `minWorkingHours` working hours (so weeks mostly out of ' +
    'office are skipped). Hours at stake: the shortfall.',
  severity: 'warning',
  options: z.strictObject({
    minFocusHours: z.number().min(0).default(10),
    minWorkingHours: z.number().min(0).default(16),
  }),
  check(ctx, { minFocusHours, minWorkingHours }) {
    const blockMin = ctx.definitions.focusBlockMin;
    const findings: RawFinding[] = [];
    for (const [person, weeks] of ctx.weeksByPerson) {
      for (const w of weeks) {
        if (w.focusHours >= minFocusHours || w.workingHours < minWorkingHours) continue;
        const shortfall = minFocusHours - w.focusHours;
        findings.push({
          subject: { type: 'person-week', person, week: w.week },
          person,
          week: w.week,
          message:
            `${person} had ${formatHours(w.focusHours)} h of focus time in ${w.week} ` +
            `(blocks of ${blockMin} min or more), ${formatHours(shortfall)} h short of ${minFocusHours} h`,
          evidence: {
            focusHours: w.focusHours,
            fragmentedHours: w.fragmentedHours,
            meetingHours: w.meetingHours,
            workingHours: w.workingHours,
            minFocusHours,
            focusBlockMin: blockMin,
          },
          hoursAtStake: shortfall,
        });
      }
    }
    return findings;
  },
});
