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

/** Part of a recurring series (the series-level rules speak for it), as opposed to a one-off. */
export const isSeriesInstance = (o: Occurrence): boolean => o.recurrence !== null && o.seriesId !== null;

/**
 * The copies of one meeting found so far, one per person, in the order of the people's emails, and
 * the copy that speaks for the meeting. Privacy first: if anyone's copy is private the meeting is
 * treated as private (a title is never revealed because another calendar shows it). Otherwise the
 * organizer's own copy (it has the authoritative attendee list and description), else the first by email.
 */
interface DedupeEntry {
  copies: Occurrence[];
  audited: string[];
  /** The first private copy by email, and whose it is. */
  privateCopy: Occurrence | null;
  privateOf: string;
  /** The first copy by email on its own organizer's calendar, and whose it is. */
  ownCopy: Occurrence | null;
  ownOf: string;
  /** Some copy is not part of a series (so the meeting may be a one-off). */
  oneOff: boolean;
}

const newEntry = (): DedupeEntry => ({
  copies: [],
  audited: [],
  privateCopy: null,
  privateOf: '',
  ownCopy: null,
  ownOf: '',
  oneOff: false,
});

const representativeOf = (e: DedupeEntry): Occurrence => e.privateCopy ?? e.ownCopy ?? e.copies[0];

function addCopy(entry: DedupeEntry, o: Occurrence, person: string): void {
  const { copies, audited } = entry;
  // People mostly come in email order: look for the place from the end.
  let at = audited.length;
  while (at > 0 && compareText(audited[at - 1], person) > 0) at--;
  // This person's calendar already gave a copy of this meeting.
  if (at > 0 && audited[at - 1] === person) return;
  if (at === audited.length) {
    copies.push(o);
    audited.push(person);
  } else {
    copies.splice(at, 0, o);
    audited.splice(at, 0, person);
  }
  if (o.isPrivate && (entry.privateCopy === null || compareText(person, entry.privateOf) < 0)) {
    entry.privateCopy = o;
    entry.privateOf = person;
  }
  if (person === o.organizer && (entry.ownCopy === null || compareText(person, entry.ownOf) < 0)) {
    entry.ownCopy = o;
    entry.ownOf = person;
  }
  if (!isSeriesInstance(o)) entry.oneOff = true;
}

/** What one (id, start) holds: the meeting with that uid and the series instance with that series id, usually the same. */
interface KeyEntry {
  meeting: DedupeEntry | null;
  series: DedupeEntry | null;
}

/**
 * Meetings gathered one person's calendar at a time, people in any order (say, as their calendars
 * are read), each meeting once however many calendars hold it. Gives what `uniqueMeetingOccurrences`
 * and `groupSeries` give for the same occurrences and window, as if the people had been visited by email.
 */
export class MeetingIndex {
  /** By id, then by the numeric start, so no key string is built per copy. */
  private readonly keys = new Map<string, Map<number, KeyEntry>>();
  private readonly meetings: DedupeEntry[] = [];
  private readonly series: DedupeEntry[] = [];
  private readonly lists = new Map<string, Occurrence[]>();
  private sealed = false;
  private meetingsCache: MeetingInstance[] | undefined;

  constructor(readonly window?: Window) {}

  has(person: string): boolean {
    return this.lists.has(person);
  }

  /**
   * Adds one audited person's occurrences (a key of occurrencesByPerson, and its list). Everyone is
   * added before the meetings are asked for: the instances given out share the index's lists.
   */
  add(person: string, occurrences: Occurrence[]): void {
    if (this.sealed) throw new Error('the meeting index was read already');
    if (this.lists.has(person)) throw new Error(`${person} is in the meeting index already`);
    this.lists.set(person, occurrences);
    const { window } = this;
    for (const o of occurrences) {
      if (o.kind !== 'meeting' || !inWindow(o, window)) continue;
      const key = this.keyEntry(o.uid, o.startMs);
      if (key.meeting === null) this.meetings.push((key.meeting = newEntry()));
      addCopy(key.meeting, o, person);
      if (!isSeriesInstance(o)) continue;
      const seriesKey = o.seriesId === o.uid ? key : this.keyEntry(o.seriesId!, o.startMs);
      if (seriesKey.series === null) this.series.push((seriesKey.series = newEntry()));
      addCopy(seriesKey.series, o, person);
    }
  }

  private keyEntry(id: string, startMs: number): KeyEntry {
    let byStart = this.keys.get(id);
    if (byStart === undefined) this.keys.set(id, (byStart = new Map()));
    let key = byStart.get(startMs);
    if (key === undefined) byStart.set(startMs, (key = { meeting: null, series: null }));
    return key;
  }

  /** Whether it holds exactly these people's lists (the same arrays) over this window. */
  covers(occurrencesByPerson: Map<string, Occurrence[]>, window: Window): boolean {
    if (this.window === undefined || this.window.fromMs !== window.fromMs || this.window.toMs !== window.toMs) return false;
    if (this.lists.size !== occurrencesByPerson.size) return false;
    for (const [person, list] of occurrencesByPerson) if (this.lists.get(person) !== list) return false;
    return true;
  }

  /** As `uniqueMeetingOccurrences`. */
  uniqueMeetings(): MeetingInstance[] {
    return (this.meetingsCache ??= this.instancesOf(this.meetings));
  }

  /** `uniqueMeetings()` without the series instances; meetings whose copies are all in a series are not even made. */
  oneOffMeetings(): MeetingInstance[] {
    if (this.meetingsCache) return this.meetingsCache.filter((m) => !isSeriesInstance(m.occurrence));
    return this.instancesOf(this.meetings.filter((e) => e.oneOff)).filter((m) => !isSeriesInstance(m.occurrence));
  }

  /** As `groupSeries`, over the index's window. */
  seriesGroups(defs: Definitions): SeriesGroup[] {
    const { window } = this;
    if (!window) throw new Error('series are grouped over a window');
    // Grouped first, then each series sorted: the same order as sorting all instances and then grouping them.
    const bySeries = new Map<string, DedupeEntry[]>();
    for (const e of this.series) {
      const id = representativeOf(e).seriesId!;
      let list = bySeries.get(id);
      if (!list) bySeries.set(id, (list = []));
      list.push(e);
    }
    const groups: SeriesGroup[] = [];
    for (const [seriesId, entries] of bySeries) {
      const instances = this.instancesOf(entries);
      groups.push({ summary: summarize(seriesId, instances, defs, window), instances });
    }
    return groups.sort(
      (a, b) =>
        b.summary.weeklyAttendeeHours - a.summary.weeklyAttendeeHours || compareText(a.summary.seriesId, b.summary.seriesId),
    );
  }

  /**
   * By start, then the representative's uid: a total order, as no two meetings share uid and start and
   * no two instances of a series share a start, so the order people were added in does not show.
   */
  private instancesOf(entries: DedupeEntry[]): MeetingInstance[] {
    this.sealed = true;
    return entries
      .map((e) => ({ occurrence: representativeOf(e), copies: e.copies, audited: e.audited }))
      .sort((a, b) => a.occurrence.startMs - b.occurrence.startMs || compareText(a.occurrence.uid, b.occurrence.uid));
  }
}

/** An index of these people's occurrences, added in email order. */
export function indexMeetings(occurrencesByPerson: Map<string, Occurrence[]>, window: Window | undefined): MeetingIndex {
  const index = new MeetingIndex(window);
  for (const person of [...occurrencesByPerson.keys()].sort(compareText)) index.add(person, occurrencesByPerson.get(person)!);
  return index;
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
  return indexMeetings(occurrencesByPerson, window).uniqueMeetings();
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
  return indexMeetings(occurrencesByPerson, window).seriesGroups(defs);
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
