import { z } from 'zod';
import { AGENDA_MIN_CHARS, hasAgenda } from '../metrics/series.js';
import { countParticipants, durationMin } from '../model/occurrence.js';
import { formatUtc, HOUR_MS } from '../model/time.js';
import { defineRule, type RawFinding } from './define-rule.js';
import { describeOneOff, formatHours, occurrenceTarget, oneOffMeetingsOf, roundTo } from './support.js';

export default defineRule({
  id: 'agenda-not-ready-24h',
  description:
    'One-off meetings of several people whose agenda was missing, or not ready a day ahead, so nobody could prepare.',
  definition:
    'A one-off meeting (no recurrence) with at least `minParticipants` participants that either has no agenda ' +
    '(fewer than `minAgendaChars` characters of description and no attachment), or whose event was created or last ' +
    'modified less than `leadHours` hours before it started (any edit counts: providers do not date the description ' +
    'alone; edits after the start are ignored).',
  severity: 'info',
  options: z.strictObject({
    minParticipants: z.number().min(1).default(3),
    minAgendaChars: z.number().int().min(1).default(AGENDA_MIN_CHARS),
    leadHours: z.number().min(0).default(24),
  }),
  check(ctx, { minParticipants, minAgendaChars, leadHours }) {
    const findings: RawFinding[] = [];
    const leadMs = leadHours * HOUR_MS;
    for (const m of oneOffMeetingsOf(ctx)) {
      const o = m.occurrence;
      const participants = countParticipants(o);
      if (participants < minParticipants) continue;
      const attendeeHours = (durationMin(o) / 60) * participants;
      let reason: 'no-agenda' | 'agenda-late';
      let readyHoursBeforeStart: number | null = null;
      let detail: string;
      if (!hasAgenda(o, minAgendaChars)) {
        reason = 'no-agenda';
        detail = 'has no agenda';
      } else {
        // The description reached every copy, so each copy's edit time bounds the agenda's last change from
        // above: the earliest edit before the start is the best evidence of when the agenda was ready.
        let createdMs: number | null = null;
        let modifiedMs: number | null = null;
        for (const c of m.copies) {
          if (c.createdMs !== null) createdMs = Math.min(createdMs ?? Infinity, c.createdMs);
          const t = c.lastModifiedMs;
          if (t !== null && t <= o.startMs) modifiedMs = Math.min(modifiedMs ?? Infinity, t);
        }
        const lastChange = Math.max(createdMs ?? -Infinity, modifiedMs ?? -Infinity);
        if (!Number.isFinite(lastChange) || o.startMs - lastChange >= leadMs) continue;
        reason = 'agenda-late';
        readyHoursBeforeStart = roundTo((o.startMs - lastChange) / HOUR_MS, 2);
        detail = `had its agenda last changed only ${formatHours(readyHoursBeforeStart)} h before it started (less than ${leadHours} h)`;
      }
      findings.push({
        ...occurrenceTarget(ctx, m),
        message: `${describeOneOff(ctx, m)} ${detail}: ${formatHours(attendeeHours)} attendee-hours`,
        evidence: {
          reason,
          start: formatUtc(o.startMs),
          durationMin: durationMin(o),
          participants,
          organizer: o.organizer,
          descriptionChars: o.agenda.textLength,
          attachmentCount: o.agenda.attachmentCount,
          readyHoursBeforeStart,
          leadHours,
        },
        hoursAtStake: attendeeHours,
      });
    }
    return findings;
  },
});
