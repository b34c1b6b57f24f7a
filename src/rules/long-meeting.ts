import { z } from 'zod';
import { countParticipants, durationMin } from '../model/occurrence.js';
import { formatUtc } from '../model/time.js';
import { defineRule, type RawFinding } from './define-rule.js';
import {
  describeOneOff,
  describeSeries,
  formatHours,
  formatMinutes,
  occurrenceTarget,
  oneOffMeetingsOf,
  seriesEvidence,
  seriesGroupsOf,
  seriesSubject,
} from './support.js';

export default defineRule({
  id: 'long-meeting',
  description: 'Meetings longer than the limit (Viva: more than 1 hour): attention fades and the overrun is paid by everyone.',
  definition:
    'A meeting longer than `maxDurationMin` minutes: one finding per recurring series (median length) or per one-off ' +
    'occurrence. Hours at stake are the minutes over the limit times participants, per week.',
  severity: 'info',
  options: z.strictObject({
    /** Default: the definitions' longMeetingMin (60). */
    maxDurationMin: z.number().positive().optional(),
  }),
  check(ctx, options) {
    const limit = options.maxDurationMin ?? ctx.definitions.longMeetingMin;
    const findings: RawFinding[] = [];
    for (const { summary } of seriesGroupsOf(ctx)) {
      if (summary.durationMin <= limit) continue;
      const overHours = (((summary.durationMin - limit) / 60) * summary.participants * summary.perWeek);
      findings.push({
        subject: seriesSubject(summary),
        person: summary.organizer,
        week: null,
        message:
          `${describeSeries(summary)} runs ${formatMinutes(summary.durationMin - limit)} past the ${formatMinutes(limit)} limit: ` +
          `${formatHours(overHours)} attendee-hours a week over`,
        evidence: { ...seriesEvidence(summary), maxDurationMin: limit, overHoursPerWeek: overHours },
        hoursAtStake: overHours,
      });
    }
    for (const m of oneOffMeetingsOf(ctx)) {
      const o = m.occurrence;
      const minutes = durationMin(o);
      if (minutes <= limit) continue;
      const participants = countParticipants(o);
      const overHours = ((minutes - limit) / 60) * participants;
      findings.push({
        ...occurrenceTarget(ctx, m),
        message:
          `${describeOneOff(ctx, m)} ` +
          `runs ${formatMinutes(minutes - limit)} past the ${formatMinutes(limit)} limit: ${formatHours(overHours)} attendee-hours over`,
        evidence: {
          start: formatUtc(o.startMs),
          durationMin: minutes,
          participants,
          organizer: o.organizer,
          maxDurationMin: limit,
          overHours,
        },
        hoursAtStake: overHours,
      });
    }
    return findings;
  },
});
