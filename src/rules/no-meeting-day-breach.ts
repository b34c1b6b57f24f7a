import { z } from 'zod';
import { durationMin, type Occurrence } from '../model/occurrence.js';
import type { Team } from '../model/person.js';
import { isoWeekday, utcToWallMs, HOUR_MS } from '../model/time.js';
import { defineRule, type RawFinding } from './define-rule.js';
import { compareText, formatHours, formatLocal, quote, roundTo, weekdayName, weekIn, zoneOf } from './support.js';

const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Length of the union of the intervals, in hours (overlapping meetings count once). */
function unionHours(meetings: Occurrence[]): number {
  const sorted = [...meetings].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const o of sorted) {
    if (o.startMs > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = o.startMs;
      curEnd = o.endMs;
    } else curEnd = Math.max(curEnd, o.endMs);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total / HOUR_MS;
}

export default defineRule({
  id: 'no-meeting-day-breach',
  description: "Meetings on a team's declared no-meeting day: measures whether the policy actually holds.",
  definition:
    "For each team with a no-meeting day, each member's meetings (audited calendars, any organizer) in the window that " +
    "start on that ISO weekday in the member's own time zone; one finding per person-week. Hours at stake: those " +
    'meetings\' hours, overlaps counted once.',
  severity: 'warning',
  options: z.strictObject({}),
  check(ctx) {
    // A person in several teams: each no-meeting day they are bound by, with the teams declaring it.
    const daysByPerson = new Map<string, Map<number, Team[]>>();
    for (const team of ctx.teams) {
      if (team.noMeetingDay === null) continue;
      const members = new Set(team.members);
      for (const p of ctx.people) if (p.teams.includes(team.id)) members.add(p.email);
      for (const email of members) {
        let days = daysByPerson.get(email);
        if (!days) daysByPerson.set(email, (days = new Map()));
        const teams = days.get(team.noMeetingDay) ?? [];
        teams.push(team);
        days.set(team.noMeetingDay, teams);
      }
    }
    const findings: RawFinding[] = [];
    for (const [person, days] of [...daysByPerson].sort(([a], [b]) => compareText(a, b))) {
      const zone = zoneOf(ctx, person);
      const byWeek = new Map<string, Occurrence[]>();
      for (const o of ctx.occurrencesByPerson.get(person) ?? []) {
        if (o.kind !== 'meeting' || o.startMs < ctx.window.fromMs || o.startMs >= ctx.window.toMs) continue;
        if (!days.has(isoWeekday(utcToWallMs(o.startMs, zone)))) continue;
        const week = weekIn(o.startMs, zone);
        let list = byWeek.get(week);
        if (!list) byWeek.set(week, (list = []));
        list.push(o);
      }
      for (const [week, meetings] of byWeek) {
        meetings.sort((a, b) => a.startMs - b.startMs || compareText(a.uid, b.uid));
        const hours = unionHours(meetings);
        const breachedDays = [...new Set(meetings.map((o) => isoWeekday(utcToWallMs(o.startMs, zone))))].sort();
        const teams = [...new Set(breachedDays.flatMap((d) => days.get(d)!.map((t) => t.name)))].sort(compareText);
        const dayText = breachedDays.map((d) => DAY_NAMES[d]).join(' and ');
        findings.push({
          subject: { type: 'person-week', person, week },
          person,
          week,
          message:
            `${person} had ${meetings.length} meeting${meetings.length === 1 ? '' : 's'} (${formatHours(hours)} h) on ` +
            `no-meeting ${dayText} in ${week} (${teams.join(', ')}): ` +
            meetings.map((o) => `${quote(o.title)} ${formatLocal(o.startMs, zone).slice(11)}`).join(', '),
          evidence: {
            noMeetingDays: breachedDays.map((d) => weekdayName(d)),
            teams,
            meetings: meetings.map((o) => `${formatLocal(o.startMs, zone)} ${quote(o.title)} (${Math.round(durationMin(o))} min)`),
            meetingHours: roundTo(hours, 2),
            timeZone: zone,
          },
          hoursAtStake: hours,
        });
      }
    }
    return findings;
  },
});
