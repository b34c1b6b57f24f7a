import { z } from 'zod';
import { AGENDA_MIN_CHARS, hasAgenda } from '../metrics/series.js';
import { formatUtc } from '../model/time.js';
import { defineRule, type RawFinding } from './define-rule.js';
import { describeSeries, formatHours, seriesEvidence, seriesGroupsOf, seriesSubject } from './support.js';

export default defineRule({
  id: 'recurring-without-agenda',
  description: 'Recurring meetings with no agenda: every occurrence costs everyone in it, with no stated purpose.',
  definition:
    'A recurring meeting series whose latest meeting occurrence in the window has fewer than `minAgendaChars` characters ' +
    'of description (after conference-link boilerplate is stripped) and no attachment.',
  severity: 'warning',
  options: z.strictObject({
    /** Characters of description, after boilerplate stripping, that count as an agenda. */
    minAgendaChars: z.number().int().min(1).default(AGENDA_MIN_CHARS),
  }),
  check(ctx, { minAgendaChars }) {
    const findings: RawFinding[] = [];
    for (const { summary, instances } of seriesGroupsOf(ctx)) {
      const latest = instances[instances.length - 1].occurrence;
      if (hasAgenda(latest, minAgendaChars)) continue;
      findings.push({
        subject: seriesSubject(summary),
        person: summary.organizer,
        week: null,
        message:
          `${describeSeries(summary)} has no agenda: ${formatHours(summary.weeklyAttendeeHours)} attendee-hours a week`,
        evidence: {
          ...seriesEvidence(summary),
          latestStart: formatUtc(latest.startMs),
          // Only the length: description text is never put in evidence.
          descriptionChars: latest.agenda.textLength,
          attachmentCount: latest.agenda.attachmentCount,
          minAgendaChars,
        },
        hoursAtStake: summary.weeklyAttendeeHours,
      });
    }
    return findings;
  },
});
