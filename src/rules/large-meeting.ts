import { z } from 'zod';
import { countParticipants, durationMin } from '../model/occurrence.js';
import { formatUtc } from '../model/time.js';
import { defineRule, type RawFinding } from './define-rule.js';
import {
  describeOneOff,
  describeSeries,
  formatHours,
  occurrenceTarget,
  oneOffMeetingsOf,
  seriesEvidence,
  seriesGroupsOf,
  seriesSubject,
} from './support.js';

export default defineRule({
  id: 'large-meeting',
  description: 'Meetings with more participants than can all take part (Viva: more than 8; Fellow: 7 or fewer).',
  definition:
    'A meeting with more than `maxAttendees` participants (attendees who are people, plus the organizer): one finding ' +
    'per recurring series (median participants) or per one-off occurrence.',
  severity: 'info',
  options: z.strictObject({
    /** Default: the definitions' largeMeetingAttendees (8). */
    maxAttendees: z.number().int().min(1).optional(),
  }),
  check(ctx, options) {
    const max = options.maxAttendees ?? ctx.definitions.largeMeetingAttendees;
    const findings: RawFinding[] = [];
    for (const { summary } of seriesGroupsOf(ctx)) {
      if (summary.participants <= max) continue;
      findings.push({
        subject: seriesSubject(summary),
        person: summary.organizer,
        week: null,
        message:
          `${describeSeries(summary)} is large (more than ${max} people): ` +
          `${formatHours(summary.weeklyAttendeeHours)} attendee-hours a week`,
        evidence: { ...seriesEvidence(summary), maxAttendees: max },
        hoursAtStake: summary.weeklyAttendeeHours,
      });
    }
    for (const m of oneOffMeetingsOf(ctx)) {
      const o = m.occurrence;
      const participants = countParticipants(o);
      if (participants <= max) continue;
      const minutes = durationMin(o);
      const attendeeHours = (minutes / 60) * participants;
      findings.push({
        ...occurrenceTarget(ctx, m),
        message:
          `${describeOneOff(ctx, m)} ` +
          `is large (more than ${max} people): ${formatHours(attendeeHours)} attendee-hours`,
        evidence: {
          start: formatUtc(o.startMs),
          durationMin: minutes,
          participants,
          attendeeHours,
          organizer: o.organizer,
          maxAttendees: max,
        },
        hoursAtStake: attendeeHours,
      });
    }
    return findings;
  },
});
