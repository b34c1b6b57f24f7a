import type { Definitions } from '../model/definitions.js';
import { countParticipants, durationMin, type Occurrence } from '../model/occurrence.js';
import type { SeriesSummary } from './types.js';

/** Fewest characters of description (after boilerplate stripping) that count as an agenda. */
export const AGENDA_MIN_CHARS = 20;

const WEEK_MS = 7 * 86_400_000;

/** The audit window [fromMs, toMs). */
export interface Window {
  fromMs: number;
  toMs: number;
}

/**
 * One meeting as it happened, however many audited calendars hold a copy of it.
 * `occurrence` is the copy that speaks for the meeting (see `uniqueMeetingOccurrences`).
 */
export interface MeetingInstance {
  occurrence: Occurrence;
  /** Every meeting-kind copy, one per calendar, in the order of `audited`. */
  copies: Occurrence[];
  /** Sorted emails (keys of occurrencesByPerson) of the audited people whose calendar shows it as a meeting. */
  audited: string[];
}

/** A recurring series with the instances behind its summary, oldest first. */
export interface SeriesGroup {
  summary: SeriesSummary;
  instances: MeetingInstance[];
}

/**
 * Whether an occurrence carries an agenda: at least `minChars` characters of description once the
 * conference-link boilerplate is stripped, or an attachment.
 */
export function hasAgenda(o: Pick<Occurrence, 'agenda'>, minChars: number = AGENDA_MIN_CHARS): boolean {
  return o.agenda.textLength >= minChars || o.agenda.attachmentCount > 0;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function inWindow(o: Occurrence, window: Window | undefined): boolean {
  return !window || (o.startMs >= window.fromMs && o.startMs < window.toMs);
}

/**
 * The copy that speaks for a meeting. Privacy first: if anyone's copy is private the meeting is
 * treated as private (a title is never revealed because another calendar shows it). Otherwise the
 * organizer's own copy (it has the authoritative attendee list and description), else the first by email.
 */
function pickRepresentative(copies: Occurrence[], audited: string[]): Occurrence {
  const firstPrivate = copies.find((o) => o.isPrivate);
  if (firstPrivate) return firstPrivate;
  const organizerIndex = audited.findIndex((email, i) => email === copies[i].organizer);
  return copies[organizerIndex >= 0 ? organizerIndex : 0];
}

interface DedupeEntry {
  copies: Occurrence[];
  audited: string[];
}

/**
 * Groups meeting copies by (id, start), where `idOf` gives the id part (null: skip the occurrence).
 * Keyed by id, then by the numeric start, so no key string is built per occurrence. Entries are kept
 * in first-seen order (people by email, then their occurrences), which the stable sort below relies on.
 */
function dedupeMeetings(
  occurrencesByPerson: Map<string, Occurrence[]>,
  window: Window | undefined,
  idOf: (o: Occurrence) => string | null,
): MeetingInstance[] {
  const byId = new Map<string, Map<number, DedupeEntry>>();
  const entries: DedupeEntry[] = [];
  const people = [...occurrencesByPerson.keys()].sort(compareText);
  for (const person of people) {
    const list = occurrencesByPerson.get(person);
    if (list === undefined) continue;
    for (const o of list) {
      if (o.kind !== 'meeting' || !inWindow(o, window)) continue;
      const id = idOf(o);
      if (id === null) continue;
      let byStart = byId.get(id);
      if (byStart === undefined) byId.set(id, (byStart = new Map()));
      let entry = byStart.get(o.startMs);
      if (entry === undefined) {
        byStart.set(o.startMs, (entry = { copies: [], audited: [] }));
        entries.push(entry);
      } else if (entry.audited[entry.audited.length - 1] === person) {
        // This person's calendar already gave a copy of this meeting (people are visited one at a time).
        continue;
      }
      entry.copies.push(o);
      entry.audited.push(person);
    }
  }
  const instances: MeetingInstance[] = [];
  for (const { copies, audited } of entries) {
    instances.push({ occurrence: pickRepresentative(copies, audited), copies, audited });
  }
  return instances.sort(
    (a, b) => a.occurrence.startMs - b.occurrence.startMs || compareText(a.occurrence.uid, b.occurrence.uid),
  );
}

/**
 * Every meeting (kind 'meeting') once, however many audited calendars hold it: copies are the same
 * meeting when they share uid and start. Sorted by start, then uid. With a window, only meetings
 * starting inside [fromMs, toMs).
 */
export function uniqueMeetingOccurrences(
  occurrencesByPerson: Map<string, Occurrence[]>,
  window?: Window,
): MeetingInstance[] {
  return dedupeMeetings(occurrencesByPerson, window, (o) => o.uid);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The most common value; ties go to the value seen latest (a renamed series shows its new name). */
function mostCommon<T>(valuesOldestFirst: T[]): T | undefined {
  const counts = new Map<T, { count: number; lastIndex: number }>();
  valuesOldestFirst.forEach((v, i) => {
    const c = counts.get(v);
    if (c) {
      c.count += 1;
      c.lastIndex = i;
    } else counts.set(v, { count: 1, lastIndex: i });
  });
  let best: T | undefined;
  let bestCount = -1;
  let bestIndex = -1;
  for (const [v, c] of counts) {
    if (c.count > bestCount || (c.count === bestCount && c.lastIndex > bestIndex)) {
      best = v;
      bestCount = c.count;
      bestIndex = c.lastIndex;
    }
  }
  return best;
}

function summarize(seriesId: string, instances: MeetingInstance[], defs: Definitions, window: Window): SeriesSummary {
  const occurrences = instances.map((i) => i.occurrence);
  const latest = occurrences[occurrences.length - 1];
  // Every instance of a series carries its rule; the latest one reflects the rule as it stands now.
  const recurrence = latest.recurrence!;
  const windowWeeks = Math.max(window.toMs - window.fromMs, 1) / WEEK_MS;
  const perWeek = recurrence.perWeek > 0 ? recurrence.perWeek : occurrences.length / windowWeeks;
  const duration = median(occurrences.map((o) => durationMin(o)));
  const participants = median(occurrences.map((o) => countParticipants(o)));
  const weeklyAttendeeHours = (perWeek * duration * participants) / 60;
  const audited = new Set<string>();
  for (const i of instances) for (const p of i.audited) audited.add(p);
  const organizers = occurrences.map((o) => o.organizer).filter((o): o is string => o !== null);
  return {
    seriesId,
    title: mostCommon(occurrences.map((o) => o.title)) ?? latest.title,
    organizer: mostCommon(organizers) ?? null,
    cadence: recurrence.cadence,
    perWeek,
    durationMin: duration,
    participants,
    weeklyAttendeeHours,
    weeklyCost: defs.hourlyRate === null ? null : weeklyAttendeeHours * defs.hourlyRate,
    hasAgenda: hasAgenda(latest),
    hasEnd: recurrence.hasEnd,
    occurrencesInWindow: occurrences.length,
    audited: [...audited].sort(compareText),
  };
}

/**
 * Recurring meeting series with the instances behind them: meeting occurrences with a recurrence,
 * grouped by seriesId across everyone's calendars, each instance counted once (seriesId + start).
 * Sorted like `collectSeries`.
 */
export function groupSeries(
  occurrencesByPerson: Map<string, Occurrence[]>,
  defs: Definitions,
  window: Window,
): SeriesGroup[] {
  const instances = dedupeMeetings(occurrencesByPerson, window, (o) =>
    o.recurrence !== null && o.seriesId !== null ? o.seriesId : null,
  );
  const bySeries = new Map<string, MeetingInstance[]>();
  for (const instance of instances) {
    const id = instance.occurrence.seriesId!;
    let list = bySeries.get(id);
    if (!list) bySeries.set(id, (list = []));
    list.push(instance);
  }
  const groups: SeriesGroup[] = [];
  for (const [seriesId, list] of bySeries) {
    groups.push({ summary: summarize(seriesId, list, defs, window), instances: list });
  }
  return groups.sort(
    (a, b) =>
      b.summary.weeklyAttendeeHours - a.summary.weeklyAttendeeHours || compareText(a.summary.seriesId, b.summary.seriesId),
  );
}

/**
 * The recurring-meeting inventory: one summary per series, ranked by weeklyAttendeeHours (largest
 * first), then seriesId.
 */
export function collectSeries(
  occurrencesByPerson: Map<string, Occurrence[]>,
  defs: Definitions,
  window: Window,
): SeriesSummary[] {
  return groupSeries(occurrencesByPerson, defs, window).map((g) => g.summary);
}
