import { z } from 'zod';
import type { Occurrence } from '../model/occurrence.js';
import { DAY_MS, isoWeekday, isoWeekStartWall, startOfWallDay, utcToWallMs } from '../model/time.js';
import { defineRule, type RawFinding } from './define-rule.js';
import { formatHours, formatLocal, quote, zoneOf } from './support.js';

/** Overlapping pairs among one person's meetings (sorted by start): "2024-03-05 10:00 'A' overlaps 'B'". */
function describeOverlaps(meetings: Occurrence[], timeZone: string): string[] {
  const overlaps: string[] = [];
  for (let i = 0; i < meetings.length; i++) {
    const a = meetings[i];
    for (let j = i + 1; j < meetings.length && meetings[j].startMs < a.endMs; j++) {
      const b = meetings[j];
      // The same meeting seen twice (two calendars of one person) is not a conflict.
      if (a.uid === b.uid && a.startMs === b.startMs) continue;
      overlaps.push(`${formatLocal(b.startMs, timeZone)} ${quote(a.title)} overlaps ${quote(b.title)}`);
    }
  }
  return overlaps;
}

export default defineRule({
  id: 'double-booked',
  description: 'Weeks with overlapping meetings: someone is expected in two places at once, so one meeting loses them.',
  definition:
    'A person-week with more than `minConflictingHours` conflicting hours (the full length of every non-declined ' +
    'meeting that overlaps another one). Hours at stake: half the conflicting hours (one of each pair is missed).',
  severity: 'warning',
  options: z.strictObject({
    minConflictingHours: z.number().min(0).default(0),
  }),
  check(ctx, { minConflictingHours }) {
    const findings: RawFinding[] = [];
    for (const [person, weeks] of ctx.weeksByPerson) {
      const flagged = weeks.filter((w) => w.conflictingHours > minConflictingHours);
      if (flagged.length === 0) continue;
      const zone = zoneOf(ctx, person);
      // The meetings of the flagged weeks, by the local Monday of the week each starts in (no week label per meeting).
      const byMonday = new Map<number, Occurrence[]>();
      for (const w of flagged) byMonday.set(isoWeekStartWall(w.week), []);
      for (const o of ctx.occurrencesByPerson.get(person) ?? []) {
        if (o.kind !== 'meeting') continue;
        const day = startOfWallDay(utcToWallMs(o.startMs, zone));
        byMonday.get(day - (isoWeekday(day) - 1) * DAY_MS)?.push(o);
      }
      for (const w of flagged) {
        const meetings = byMonday.get(isoWeekStartWall(w.week))!.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
        const overlaps = describeOverlaps(meetings, zone);
        const stake = w.conflictingHours / 2;
        findings.push({
          subject: { type: 'person-week', person, week: w.week },
          person,
          week: w.week,
          message:
            `${person} was double-booked for ${formatHours(w.conflictingHours)} h of meetings in ${w.week}` +
            (overlaps.length > 0 ? ` (${overlaps.length} overlap${overlaps.length === 1 ? '' : 's'}: ${overlaps.slice(0, 3).join('; ')}${overlaps.length > 3 ? '; ...' : ''})` : ''),
          evidence: { conflictingHours: w.conflictingHours, meetingHours: w.meetingHours, overlaps },
          hoursAtStake: stake,
        });
      }
    }
    return findings;
  },
});
