import { z } from 'zod';
import { durationMin, type Occurrence } from '../model/occurrence.js';
import type { Person, WorkingHours } from '../model/person.js';
import { DAY_MS, dayOffsetMs, formatUtc, isoWeekday, MINUTE_MS, startOfWallDay, utcToWallMs } from '../model/time.js';
import { defineRule, type RawFinding, type RuleContext } from './define-rule.js';
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
const WEEK_MS = 7 * DAY_MS;

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
  const wall = utcToWallMs(startMs, person.timeZone);
  return minutesOutsideFromWall(wall, wall + (endMs - startMs), person.humaneHours);
}

/** Minutes of the wall-time span [fromWall, toWall) outside the humane hours. */
function minutesOutsideFromWall(fromWall: number, toWall: number, hours: WorkingHours): number {
  let wall = fromWall;
  let outside = 0;
  while (wall < toWall) {
    const day = startOfWallDay(wall);
    const segEnd = Math.min(toWall, day + DAY_MS);
    outside += segEnd - wall - humaneMsInDay(day, wall, segEnd, hours);
    wall = segEnd;
  }
  return outside / MINUTE_MS;
}

/**
 * The known participants of a series' (or a one-off's) instances, numbered in order of first
 * appearance, so that tallies are arrays by number. That order is also the order of payers before ranking.
 */
interface TaxPlan {
  people: Person[];
  /** Per instance, the number of each of its known participants. */
  index: number[][];
}

function planTax(known: Person[][]): TaxPlan {
  const numbers = new Map<string, number>();
  const people: Person[] = [];
  // Instances of one event share their list of known participants: number each list once.
  const numbered = new Map<Person[], number[]>();
  const index = known.map((list) => {
    let listNumbers = numbered.get(list);
    if (listNumbers) return listNumbers;
    listNumbers = list.map((p) => {
      let n = numbers.get(p.email);
      if (n === undefined) {
        numbers.set(p.email, (n = people.length));
        people.push(p);
      }
      return n;
    });
    numbered.set(list, listNumbers);
    return listNumbers;
  });
  return { people, index };
}

/**
 * `knownParticipants`, worked out once per attendee list and organizer: the instances of a series
 * share their event's attendee list.
 */
class KnownParticipants {
  private readonly byAttendees = new Map<Occurrence['attendees'], { organizer: string | null; known: Person[] }>();

  constructor(private readonly ctx: RuleContext) {}

  of(o: Occurrence): Person[] {
    const hit = this.byAttendees.get(o.attendees);
    if (hit && hit.organizer === o.organizer) return hit.known;
    const known = knownParticipants(this.ctx, o);
    this.byAttendees.set(o.attendees, { organizer: o.organizer, known });
    return known;
  }
}

/** Out-of-humane minutes per known participant (by number), summed over the instances in order. */
function tallyTax(instances: Occurrence[], known: Person[][], plan: TaxPlan): Float64Array {
  const sums = new Float64Array(plan.people.length);
  for (let i = 0; i < instances.length; i++) {
    const o = instances[i];
    const numbers = plan.index[i];
    for (let j = 0; j < numbers.length; j++) {
      sums[numbers[j]] += minutesOutsideHumaneHours(o.startMs, o.startMs + (o.endMs - o.startMs), known[i][j]);
    }
  }
  return sums;
}

/**
 * The tally for every candidate slot at once: slot k's sums are `sums[k * N ... (k + 1) * N)` for N
 * participants, each instance started at its UTC day's start plus k slots. Every sum adds the same
 * terms in the same order (instances in order) as a tally per slot would.
 */
function tallyTaxAtSlots(instances: Occurrence[], known: Person[][], plan: TaxPlan, memo: SlotMinutes): Float64Array {
  const count = plan.people.length;
  const sums = new Float64Array(SLOTS_PER_DAY * count);
  for (let i = 0; i < instances.length; i++) {
    const o = instances[i];
    const dayStart = utcDayStart(o.startMs);
    const durationMs = o.endMs - o.startMs;
    const numbers = plan.index[i];
    for (let j = 0; j < numbers.length; j++) {
      const p = known[i][j];
      // Every slot starts within this UTC day: unless the zone changes offset that day, one offset serves all.
      const offsetMs = dayOffsetMs(dayStart, p.timeZone);
      const minutes = Number.isNaN(offsetMs) ? null : memo.get(p.humaneHours, dayStart + offsetMs, durationMs);
      for (let k = 0, at = numbers[j]; k < SLOTS_PER_DAY; k++, at += count) {
        if (minutes) {
          sums[at] += minutes[k];
          continue;
        }
        const start = dayStart + k * SLOT_STEP_MIN * MINUTE_MS;
        const end = start + durationMs;
        const wall = Number.isNaN(offsetMs) ? utcToWallMs(start, p.timeZone) : start + offsetMs;
        sums[at] += minutesOutsideFromWall(wall, wall + (end - start), p.humaneHours);
      }
    }
  }
  return sums;
}

/**
 * A meeting's out-of-humane minutes at each slot of its day, remembered by humane hours, length and
 * where in its week the day's first slot falls (wall time): a series' instances repeat these week
 * after week. Only whole milliseconds are remembered, where a shift by whole weeks changes no result.
 */
class SlotMinutes {
  private readonly bySignature = new Map<string, Map<number, Float64Array>>();
  private readonly byHours = new WeakMap<WorkingHours, Map<number, Float64Array>>();

  get(hours: WorkingHours, firstSlotWall: number, durationMs: number): Float64Array | null {
    const inWeek = ((firstSlotWall % WEEK_MS) + WEEK_MS) % WEEK_MS;
    const key = durationMs * WEEK_MS + inWeek;
    if (!Number.isSafeInteger(firstSlotWall) || !Number.isSafeInteger(key)) return null;
    let memo = this.byHours.get(hours);
    if (!memo) {
      const signature = `${hours.days.join()}|${hours.startMin}|${hours.endMin}`;
      memo = this.bySignature.get(signature);
      if (!memo) this.bySignature.set(signature, (memo = new Map()));
      this.byHours.set(hours, memo);
    }
    let minutes = memo.get(key);
    if (!minutes) {
      minutes = new Float64Array(SLOTS_PER_DAY);
      for (let k = 0; k < SLOTS_PER_DAY; k++) {
        const wall = inWeek + k * SLOT_STEP_MIN * MINUTE_MS;
        minutes[k] = minutesOutsideFromWall(wall, wall + durationMs, hours);
      }
      memo.set(key, minutes);
    }
    return minutes;
  }
}

function sumOf(sums: Float64Array, from = 0, to = sums.length): number {
  let total = 0;
  for (let n = from; n < to; n++) total += sums[n];
  return total;
}

function countZeros(sums: Float64Array): number {
  let zeros = 0;
  for (const v of sums) if (v === 0) zeros++;
  return zeros;
}

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

/** Participants (by number in `people`) paying at least `minTaxMinutes` a week, most first. */
function selectPayers(people: Person[], tallyMin: Float64Array, scale: number, minTaxMinutes: number): Payer[] {
  const payers: Payer[] = [];
  for (let n = 0; n < tallyMin.length; n++) {
    const weeklyMin = tallyMin[n] * scale;
    if (weeklyMin > 0 && weeklyMin >= minTaxMinutes) payers.push({ person: people[n], hoursPerWeek: weeklyMin / 60 });
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
    const slotMinutes = new SlotMinutes();
    const knownOf = new KnownParticipants(ctx);

    for (const { summary, instances } of seriesGroupsOf(ctx)) {
      const occurrences = instances.map((i) => i.occurrence);
      const known = occurrences.map((o) => knownOf.of(o));
      const plan = planTax(known);
      if (plan.people.length === 0) continue;
      const current = tallyTax(occurrences, known, plan);
      // Weekly figures: mean tax per occurrence in the window times occurrences per week.
      const scale = summary.perWeek / instances.length;
      const payers = selectPayers(plan.people, current, scale, minTaxMinutes);
      if (payers.length === 0) continue;

      const latest = occurrences[occurrences.length - 1];
      const currentMin = utcMinuteOfDay(latest.startMs);
      const count = plan.people.length;
      const slots = tallyTaxAtSlots(occurrences, known, plan, slotMinutes);
      let best: { slotMin: number; total: number; distance: number; tally: Float64Array } | null = null;
      for (let k = 0; k < SLOTS_PER_DAY; k++) {
        const slotMin = k * SLOT_STEP_MIN;
        const total = sumOf(slots, k * count, (k + 1) * count);
        const gap = Math.abs(slotMin - currentMin);
        const distance = Math.min(gap, 1440 - gap);
        if (!best || total < best.total || (total === best.total && distance < best.distance)) {
          best = { slotMin, total, distance, tally: slots.subarray(k * count, (k + 1) * count) };
        }
      }
      const currentTotal = sumOf(current);
      const improves = best!.total < currentTotal;
      const chosen = improves ? best! : { slotMin: currentMin, tally: current, total: currentTotal, distance: 0 };
      const fits = countZeros(chosen.tally);
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
            ? `starting at ${formatClock(chosen.slotMin)}Z (${slotLocal}) would fit ${fits} of ${count} known ` +
              `attendees and leave ${formatHours(bestTaxHours)} h`
            : `no start on the ${SLOT_STEP_MIN}-minute grid does better`),
        evidence: {
          ...seriesEvidence(summary),
          ...payerEvidence(payers, latest),
          organizerRegion,
          knownAttendees: count,
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
      // One occurrence: its known participants (distinct people) are numbered in their own order.
      const tally = new Float64Array(known.length);
      for (let n = 0; n < known.length; n++) tally[n] += minutesOutsideHumaneHours(o.startMs, o.startMs + (o.endMs - o.startMs), known[n]);
      const payers = selectPayers(known, tally, 1, minTaxMinutes);
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
