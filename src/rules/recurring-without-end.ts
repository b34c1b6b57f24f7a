import { z } from 'zod';
import { defineRule, type RawFinding } from './define-rule.js';
import { describeSeries, formatHours, seriesEvidence, seriesGroupsOf, seriesSubject } from './support.js';

export default defineRule({
  id: 'recurring-without-end',
  description:
    'Recurring meetings that run forever: a series with no end date is never re-examined (92% of recurring meetings have none, per Flowtrace).',
  definition:
    'A recurring meeting series with at least `minParticipants` participants (median) whose recurrence rule, on its ' +
    'latest occurrence in the window, has neither COUNT nor UNTIL.',
  severity: 'info',
  options: z.strictObject({
    minParticipants: z.number().min(1).default(3),
  }),
  check(ctx, { minParticipants }) {
    const findings: RawFinding[] = [];
    for (const { summary, instances } of seriesGroupsOf(ctx)) {
      if (summary.hasEnd || summary.participants < minParticipants) continue;
      const latest = instances[instances.length - 1].occurrence;
      findings.push({
        subject: seriesSubject(summary),
        person: summary.organizer,
        week: null,
        message:
          `${describeSeries(summary)} has no end date: ${formatHours(summary.weeklyAttendeeHours)} attendee-hours a week ` +
          'with no point at which anyone must decide to keep it',
        evidence: { ...seriesEvidence(summary), rule: latest.recurrence?.rule ?? null },
        hoursAtStake: summary.weeklyAttendeeHours,
      });
    }
    return findings;
  },
});
