import { z } from 'zod';
import { defineRule, type RawFinding } from './define-rule.js';
import { describeSeries, formatHours, seriesEvidence, seriesGroupsOf, seriesSubject } from './support.js';

/**
 * Share of a series' weekly attendee-hours put at stake when nobody takes notes: a deliberately
 * simple stand-in for the cost of decisions that are lost or re-discussed.
 */
export const NOTE_TAKER_STAKE_SHARE = 0.1;

export default defineRule({
  id: 'no-note-taker',
  description: 'Recurring meetings with no designated note-taker: decisions made there get lost and re-discussed.',
  definition:
    'A recurring meeting series with at least `minParticipants` participants (median) where no meeting occurrence in the ' +
    'window, on any audited calendar, names a note-taker ("Note-taker:" in the invite, or an attached notes document).',
  severity: 'info',
  options: z.strictObject({
    minParticipants: z.number().min(1).default(4),
  }),
  check(ctx, { minParticipants }) {
    const findings: RawFinding[] = [];
    for (const { summary, instances } of seriesGroupsOf(ctx)) {
      if (summary.participants < minParticipants) continue;
      if (instances.some((i) => i.copies.some((o) => o.agenda.hasNoteTaker))) continue;
      const stake = summary.weeklyAttendeeHours * NOTE_TAKER_STAKE_SHARE;
      findings.push({
        subject: seriesSubject(summary),
        person: summary.organizer,
        week: null,
        message:
          `${describeSeries(summary)} has no designated note-taker in ${summary.occurrencesInWindow} ` +
          `occurrence${summary.occurrencesInWindow === 1 ? '' : 's'}: ${formatHours(stake)} h a week at stake ` +
          `(10% of ${formatHours(summary.weeklyAttendeeHours)} attendee-hours)`,
        evidence: { ...seriesEvidence(summary), stakeShare: NOTE_TAKER_STAKE_SHARE },
        hoursAtStake: stake,
      });
    }
    return findings;
  },
});
