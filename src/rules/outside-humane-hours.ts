import { z } from 'zod';
import { durationMin, type Occurrence } from '../model/occurrence.js';
import type { Person, WorkingHours } from '../model/person.js';
import { DAY_MS, formatUtc, isoWeekday, MINUTE_MS, startOfWallDay, utcToWallMs } from '../model/time.js';
import { defineRule, type RawFinding } from './define-rule.js';
import {
  cadenceLabel,
  compareText,
  describeOneOff,
  formatClock,
  formatHours,
  formatLocalSlot,
  formatMinutes,
  formatPeople,
  knownParticipants,
  occurrenceTarget,
  oneOffMeetingsOf,
  quote,
  roundTo,
  seriesEvidence,
  seriesGroupsOf,
  seriesSubject,
  zoneOf,
} from './support.js';

/** Candidate starts for the best humane slot: every 30 minutes of the UTC day. */
const SLOT_STEP_MIN = 30;
const SLOTS_PER_DAY = 1440 / SLOT_STEP_MIN;

function humaneMsInDay(dayWall: number, fromWall: number, toWall: number, hours: WorkingHours): number {
  if (!hours.days.includes(isoWeekday(dayWall))) return 0;
  // A window that wraps past midnight (e.g. 20:00-02:00) is read as two pieces of the same day.
  if (hours.endMin > hours.startMin) return insideMs(dayWall, fromWall, toWall, hours.startMin, hours.endMin);
  return (
    insideMs(dayWall, fromWall, toWall, 0, hours.endMin) + insideMs(dayWall, fromWall, toWall, hours.startMin, 1440)
  );
}

/** The part of [fromWall, toWall) inside minutes [a, b) of the day, in ms (0 when none). */
function insideMs(dayWall: number, fromWall: number, toWall: number, a: number, b: number): number {
  const lo = Math.max(fromWall, dayWall + a * MINUTE_MS);
  const hi = Math.min(toWall, dayWall + b * MINUTE_MS);
  return hi > lo ? hi - lo : 0;
}

/**
 * Minutes of [startMs, endMs) that fall outside the person's humane hours, read on the person's own
 * local days: time on a day that is not one of their humane days counts entirely.
 */
export function minutesOutsideHumaneHours(
  startMs: number,
  endMs: number,
  person: Pick<Person, 'timeZone' | 'humaneHours'>,
): number {
  // Wall start plus the real duration: a DST jump inside a meeting moves its end by the jump, not its length.
  let wall = utcToWallMs(startMs, person.timeZone);
  const wallEnd = wall + (endMs - startMs);
  let outside = 0;
  while (wall < wallEnd) {
    const day = startOfWallDay(wall);
    const segEnd = Math.min(wallEnd, day + DAY_MS);
    outside += segEnd - wall - humaneMsInDay(day, wall, segEnd, person.humaneHours);
    wall = segEnd;
  }
  return outside / MINUTE_MS;
}

/** Out-of-humane minutes per known participant, summed over the instances, with each instance started at `startOf`. */
function tallyTax(
  instances: Array<{ o: Occurrence; known: Person[] }>,
  startOf: (o: Occurrence) => number,
): Map<string, number> {
  const tally = new Map<string, number>();
  for (const { o, known } of instances) {
    const start = startOf(o);
    const end = start + (o.endMs - o.startMs);
    for (const p of known) tally.set(p.email, (tally.get(p.email) ?? 0) + minutesOutsideHumaneHours(start, end, p));
  }
  return tally;
}

/**
 * The known participants of a series' instances, numbered in order of first appearance (the order in
 * which `tallyTax` would insert them), so the 48 candidate slots can be tallied into one array.
 */
interface TaxPlan {
  emails: string[];
  /** Per instance, the number of each of its known participants. */
  index: number[][];
}

function planTax(instances: Array<{ o: Occurrence; known: Person[] }>): TaxPlan {
  const numbers = new Map<string, number>();
  const emails: string[] = [];
  const index = instances.map(({ known }) =>
    known.map((p) => {
      let n = numbers.get(p.email);
      if (n === undefined) {
        numbers.set(p.email, (n = emails.length));
        emails.push(p.email);
      }
      return n;
    }),
  );
  return { emails, index };
}

/** `tallyTax` into `sums` (by participant number) for instances started at their UTC day's start plus `offsetMs`. */
function tallyTaxAtSlot(
  instances: Array<{ o: Occurrence; known: Person[] }>,
  plan: TaxPlan,
  offsetMs: number,
  sums: Float64Array,
): void {
  sums.fill(0);
  for (let i = 0; i < instances.length; i++) {
    const { o, known } = instances[i];
    const numbers = plan.index[i];
    const start = utcDayStart(o.startMs) + offsetMs;
    const end = start + (o.endMs - o.startMs);
    for (let j = 0; j < known.length; j++) sums[numbers[j]] += minutesOutsideHumaneHours(start, end, known[j]);
  }
}

/** The tally as `tallyTax` returns it: participants in order of first appearance. */
function tallyFromSums(plan: TaxPlan, sums: Float64Array): Map<string, number> {
  const tally = new Map<string, number>();
  for (let n = 0; n < plan.emails.length; n++) tally.set(plan.emails[n], sums[n]);
  return tally;
}

/** `sumValues(tallyFromSums(...))`, summed in the same order. */
function sumArray(sums: Float64Array): number {
  let total = 0;
  for (let n = 0; n < sums.length; n++) total += sums[n];
  return total;
}

const sumValues = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

const utcMinuteOfDay = (ms: number): number => (((ms % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS;

const utcDayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

interface Payer {
  person: Person;
  hoursPerWeek: number;
}

function payerEvidence(payers: Payer[], latest: Occurrence): Record<string, string[] | number[]> {
  return {
    payers: payers.map((p) => p.person.email),
    payerRegions: payers.map((p) => p.person.region),
    payerHoursPerWeek: payers.map((p) => roundTo(p.hoursPerWeek, 2)),
    payerLocalTimes: payers.map((p) => formatLocalSlot(latest, p.person.timeZone)),
  };
}

function listPayers(payers: Payer[]): string {
  const shown = payers.slice(0, 3).map((p) => `${p.person.email} ${formatHours(p.hoursPerWeek)} h`);
  return shown.join(', ') + (payers.length > 3 ? `, and ${payers.length - 3} more` : '');
}

function selectPayers(tallyMin: Map<string, number>, scale: number, byEmail: Map<string, Person>, minTaxMinutes: number): Payer[] {
  const payers: Payer[] = [];
  for (const [email, minutes] of tallyMin) {
    const weeklyMin = minutes * scale;
    if (weeklyMin > 0 && weeklyMin >= minTaxMinutes) payers.push({ person: byEmail.get(email)!, hoursPerWeek: weeklyMin / 60 });
  }
  return payers.sort((a, b) => b.hoursPerWeek - a.hoursPerWeek || compareText(a.person.email, b.person.email));
}

export default defineRule({
  id: 'outside-humane-hours',
  description:
    'The timezone tax: meeting time that falls outside attendees\' humane hours in their own zones, who pays it, and ' +
    'the start time that would leave the least.',
  definition:
    "For each meeting (once across calendars) and each participant the roster knows, the minutes outside that person's " +
    'humane hours on their local day (days that are not humane days count entirely). One finding per recurring series ' +
    '(mean per occurrence x occurrences per week) or per one-off occurrence, listing each payer with at least ' +
    '`minTaxMinutes` a week. For a series, the best slot is the UTC start on a 30-minute grid (same length, same UTC ' +
    'dates) with the least total tax over its occurrences in the window, ties going to the start nearest the current one.',
  severity: 'warning',
  options: z.strictObject({
    minTaxMinutes: z.number().min(0).default(1),
  }),
  check(ctx, { minTaxMinutes }) {
    const findings: RawFinding[] = [];

    for (const { summary, instances } of seriesGroupsOf(ctx)) {
      const prepared = instances.map((i) => ({ o: i.occurrence, known: knownParticipants(ctx, i.occurrence) }));
      const knownEmails = new Set(prepared.flatMap((p) => p.known.map((k) => k.email)));
      if (knownEmails.size === 0) continue;
      const current = tallyTax(prepared, (o) => o.startMs);
      // Weekly figures: mean tax per occurrence in the window times occurrences per week.
      const scale = summary.perWeek / instances.length;
      const payers = selectPayers(current, scale, ctx.personByEmail, minTaxMinutes);
      if (payers.length === 0) continue;

      const latest = instances[instances.length - 1].occurrence;
      const currentMin = utcMinuteOfDay(latest.startMs);
      const plan = planTax(prepared);
      const sums = new Float64Array(plan.emails.length);
      const bestSums = new Float64Array(plan.emails.length);
      let bestFound: { slotMin: number; total: number; distance: number } | null = null;
      for (let k = 0; k < SLOTS_PER_DAY; k++) {
        const slotMin = k * SLOT_STEP_MIN;
        tallyTaxAtSlot(prepared, plan, slotMin * MINUTE_MS, sums);
        const total = sumArray(sums);
        const gap = Math.abs(slotMin - currentMin);
        const distance = Math.min(gap, 1440 - gap);
        if (!bestFound || total < bestFound.total || (total === bestFound.total && distance < bestFound.distance)) {
          bestFound = { slotMin, total, distance };
          bestSums.set(sums);
        }
      }
      const best = { ...bestFound!, tally: tallyFromSums(plan, bestSums) };
      const currentTotal = sumValues(current);
      const improves = best!.total < currentTotal;
      const chosen = improves ? best! : { slotMin: currentMin, tally: current, total: currentTotal, distance: 0 };
      const fits = [...knownEmails].filter((e) => (chosen.tally.get(e) ?? 0) === 0).length;
      const organizerZone = zoneOf(ctx, summary.organizer, latest.timeZone ?? 'UTC');
      const slotStart = utcDayStart(latest.startMs) + chosen.slotMin * MINUTE_MS;
      const slotLocal = formatLocalSlot({ startMs: slotStart, endMs: slotStart + (latest.endMs - latest.startMs) }, organizerZone);
      const taxHours = payers.reduce((a, p) => a + p.hoursPerWeek, 0);
      const bestTaxHours = (chosen.total * scale) / 60;
      const organizerRegion = summary.organizer ? (ctx.personByEmail.get(summary.organizer)?.region ?? null) : null;
      findings.push({
        subject: seriesSubject(summary),
        person: summary.organizer,
        week: null,
        message:
          `${cadenceLabel(summary.cadence)} ${quote(summary.title)} (${formatMinutes(summary.durationMin)}) puts ` +
          `${formatHours(taxHours)} h a week outside humane hours on ${formatPeople(payers.length)} (${listPayers(payers)}); ` +
          (improves
            ? `starting at ${formatClock(chosen.slotMin)}Z (${slotLocal}) would fit ${fits} of ${knownEmails.size} known ` +
              `attendees and leave ${formatHours(bestTaxHours)} h`
            : `no start on the ${SLOT_STEP_MIN}-minute grid does better`),
        evidence: {
          ...seriesEvidence(summary),
          ...payerEvidence(payers, latest),
          organizerRegion,
          knownAttendees: knownEmails.size,
          taxHoursPerWeek: roundTo(taxHours, 2),
          currentSlotUtc: `${formatClock(currentMin)}Z`,
          bestSlotUtc: `${formatClock(chosen.slotMin)}Z`,
          bestSlotOrganizerZone: slotLocal,
          bestSlotFits: fits,
          bestSlotTaxHoursPerWeek: roundTo(bestTaxHours, 2),
          bestSlotImproves: improves,
        },
        hoursAtStake: taxHours,
      });
    }

    for (const m of oneOffMeetingsOf(ctx)) {
      const o = m.occurrence;
      const known = knownParticipants(ctx, o);
      if (known.length === 0) continue;
      const payers = selectPayers(tallyTax([{ o, known }], (x) => x.startMs), 1, ctx.personByEmail, minTaxMinutes);
      if (payers.length === 0) continue;
      const taxHours = payers.reduce((a, p) => a + p.hoursPerWeek, 0);
      const organizerRegion = o.organizer ? (ctx.personByEmail.get(o.organizer)?.region ?? null) : null;
      findings.push({
        ...occurrenceTarget(ctx, m),
        message:
          `${describeOneOff(ctx, m)} puts ${formatHours(taxHours)} h outside humane hours on ` +
          `${formatPeople(payers.length)} (${listPayers(payers)})`,
        evidence: {
          start: formatUtc(o.startMs),
          durationMin: durationMin(o),
          organizer: o.organizer,
          ...payerEvidence(payers, o),
          organizerRegion,
          knownAttendees: known.length,
          taxHoursPerWeek: roundTo(taxHours, 2),
        },
        hoursAtStake: taxHours,
      });
    }
    return findings;
  },
});
