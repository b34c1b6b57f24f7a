import type { Definitions } from '../model/definitions.js';
import { countParticipants, type Occurrence } from '../model/occurrence.js';
import type { Person } from '../model/person.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, isoWeekOf, isoWeekStartWall, utcToWallMs, wallToUtcMs } from '../model/time.js';
import {
  type Interval,
  intersectionMs,
  mergeIntervals,
  overlappingIntervals,
  subtractIntervals,
  totalMs,
  unionMs,
} from './intervals.js';
import type { PersonWeekMetrics } from './types.js';
import { type OutOfOffice, type WorkingDay, buildWorkingDays, scheduledWorkingInterval } from './working-time.js';

const WEEK_MS = 7 * DAY_MS;

export interface MeasureWindow {
  fromMs: number;
  toMs: number;
}

/** A meeting reduced to what the weekly measures need, placed in its local week and day. */
interface MeetingSpan extends Interval {
  weekIndex: number;
  /** 0 = Monday of its week, in the person's zone. */
  dayIndex: number;
  recurring: boolean;
  participants: number;
  createdMs: number | null;
  /** Overlaps at least one other meeting (across week boundaries too). */
  conflicting: boolean;
}

interface PersonTimeline {
  /** Meetings starting inside the window, sorted by start. */
  meetings: MeetingSpan[];
  outOfOffice: OutOfOffice;
  /** Booked focus blocks as UTC intervals, sorted and merged. */
  focusBlocks: Interval[];
}

/**
 * The weekly metrics of one person: one entry per ISO week (in `person.timeZone`) that overlaps
 * `window`, in order, weeks without meetings included. `occurrences` are the person's classified
 * occurrences sorted by start; only meetings, focus and out-of-office ones are used. Meetings count
 * in the local week and day in which they start, and only when they start inside the window;
 * working time is clipped to the window. See `PersonWeekMetrics` for each field's definition.
 */
export function measurePersonWeeks(
  person: Person,
  occurrences: Occurrence[],
  defs: Definitions,
  window: MeasureWindow,
): PersonWeekMetrics[] {
  if (!(window.toMs > window.fromMs)) return [];
  const zone = person.timeZone;
  const firstWeekStartWall = isoWeekStartWall(isoWeekOf(utcToWallMs(window.fromMs, zone)));
  const lastWall = utcToWallMs(window.toMs - 1, zone);
  const weekCount = Math.floor((lastWall - firstWeekStartWall) / WEEK_MS) + 1;

  const timeline = collectTimeline(person, occurrences, window, firstWeekStartWall, weekCount);
  markConflicts(timeline.meetings);
  const meetingsByWeek: MeetingSpan[][] = Array.from({ length: weekCount }, () => []);
  for (const m of timeline.meetings) meetingsByWeek[m.weekIndex].push(m);

  const rate = person.hourlyRate ?? defs.hourlyRate;
  const weeks: PersonWeekMetrics[] = [];
  for (let w = 0; w < weekCount; w++) {
    const weekStartWall = firstWeekStartWall + w * WEEK_MS;
    const weekRange = { startMs: wallToUtcMs(weekStartWall, zone), endMs: wallToUtcMs(weekStartWall + WEEK_MS, zone) };
    const days = buildWorkingDays(person, weekStartWall, window, {
      blocks: overlappingIntervals(timeline.outOfOffice.blocks, weekRange),
      wholeDays: timeline.outOfOffice.wholeDays,
    });
    // A meeting starting late on Sunday may run into the next Monday's working hours.
    const nextMonday = scheduledWorkingInterval(person, weekStartWall + WEEK_MS);
    weeks.push(
      measureWeek({
        week: isoWeekOf(weekStartWall),
        days,
        nextMonday,
        meetings: meetingsByWeek[w],
        focusBlocks: overlappingIntervals(timeline.focusBlocks, weekRange),
        defs,
        rate,
      }),
    );
  }
  return weeks;
}

/** Floating and all-day times are wall times: they happen in the person's own zone. */
function toUtcMs(o: Occurrence, wallOrUtcMs: number, timeZone: string): number {
  return o.allDay || o.floating ? wallToUtcMs(wallOrUtcMs, timeZone) : wallOrUtcMs;
}

function toUtcInterval(o: Occurrence, timeZone: string): Interval {
  return { startMs: toUtcMs(o, o.startMs, timeZone), endMs: toUtcMs(o, o.endMs, timeZone) };
}

function collectTimeline(
  person: Person,
  occurrences: Occurrence[],
  window: MeasureWindow,
  firstWeekStartWall: number,
  weekCount: number,
): PersonTimeline {
  const zone = person.timeZone;
  const meetings: MeetingSpan[] = [];
  const outOfOfficeBlocks: Interval[] = [];
  const wholeDays = new Set<number>();
  const focus: Interval[] = [];
  const lastDayWall = firstWeekStartWall + weekCount * WEEK_MS - DAY_MS;

  for (const o of occurrences) {
    switch (o.kind) {
      case 'meeting': {
        const startMs = toUtcMs(o, o.startMs, zone);
        if (startMs < window.fromMs || startMs >= window.toMs) break;
        const sinceFirstWeek = utcToWallMs(startMs, zone) - firstWeekStartWall;
        const weekIndex = Math.floor(sinceFirstWeek / WEEK_MS);
        if (weekIndex < 0 || weekIndex >= weekCount) break;
        // Spelled out rather than spread: V8 keeps such objects in fast mode, which is most of the run time here.
        meetings.push({
          startMs,
          endMs: toUtcMs(o, o.endMs, zone),
          weekIndex,
          dayIndex: Math.floor((sinceFirstWeek - weekIndex * WEEK_MS) / DAY_MS),
          recurring: o.recurrence !== null,
          participants: countParticipants(o),
          createdMs: o.createdMs,
          conflicting: false,
        });
        break;
      }
      case 'out-of-office':
        if (o.allDay) {
          // Only days inside the measured weeks matter; this also bounds a years-long leave.
          const first = Math.max(Math.floor(o.startMs / DAY_MS) * DAY_MS, firstWeekStartWall);
          const end = Math.max(o.endMs, o.startMs + DAY_MS);
          for (let day = first; day < end && day <= lastDayWall; day += DAY_MS) wholeDays.add(day);
        } else {
          outOfOfficeBlocks.push(toUtcInterval(o, zone));
        }
        break;
      case 'focus':
        focus.push(toUtcInterval(o, zone));
        break;
      default:
        break;
    }
  }
  // Converting floating times can reorder a few; the input order is otherwise kept.
  meetings.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return {
    meetings,
    outOfOffice: { blocks: mergeIntervals(outOfOfficeBlocks), wholeDays },
    focusBlocks: mergeIntervals(focus),
  };
}

/**
 * Flags every meeting that overlaps another, in one pass over meetings sorted by start: a meeting
 * overlaps an earlier one when some earlier end is past its start, and a later one exactly when
 * the next start is before its end.
 */
function markConflicts(meetings: MeetingSpan[]): void {
  const timed = meetings.filter((m) => m.endMs > m.startMs);
  let latestEndBefore = -Infinity;
  for (let i = 0; i < timed.length; i++) {
    const m = timed[i];
    const next = timed[i + 1];
    m.conflicting = latestEndBefore > m.startMs || (next !== undefined && next.startMs < m.endMs);
    if (m.endMs > latestEndBefore) latestEndBefore = m.endMs;
  }
}

/** Chains of two or more meetings, each starting at most `gapMs` after the chain's latest end so far. */
export function countBackToBackChains(meetingsByStart: readonly Interval[], gapMs: number): number {
  let chains = 0;
  let length = 0;
  let latestEndMs = -Infinity;
  for (const m of meetingsByStart) {
    if (length > 0 && m.startMs - latestEndMs <= gapMs) {
      length++;
      if (m.endMs > latestEndMs) latestEndMs = m.endMs;
    } else {
      if (length >= 2) chains++;
      length = 1;
      latestEndMs = m.endMs;
    }
  }
  if (length >= 2) chains++;
  return chains;
}

function overlapsAny(interval: Interval, sorted: readonly Interval[]): boolean {
  for (const s of sorted) {
    if (s.startMs < interval.endMs && interval.startMs < s.endMs) return true;
  }
  return false;
}

const toHours = (ms: number): number => ms / HOUR_MS;
const roundHours = (hours: number): number => Math.round(hours * 100) / 100;
const roundShare = (share: number): number => Math.round(share * 1000) / 1000;
const roundMoney = (amount: number): number => Math.round(amount * 100) / 100;

interface WeekInput {
  week: string;
  days: WorkingDay[];
  nextMonday: Interval | null;
  /** Meetings starting in the week, sorted by start. */
  meetings: MeetingSpan[];
  focusBlocks: Interval[];
  defs: Definitions;
  rate: number | null;
}

function measureWeek({ week, days, nextMonday, meetings, focusBlocks, defs, rate }: WeekInput): PersonWeekMetrics {
  const clusters = mergeIntervals(meetings);
  const meetingMs = totalMs(clusters);
  const recurringMs = unionMs(meetings.filter((m) => m.recurring));

  const working: Interval[] = [];
  for (const d of days) for (const a of d.available) working.push(a);
  const workingMs = totalMs(working);
  let scheduledInWindowMs = 0;
  for (const d of days) scheduledInWindowMs += d.scheduledInWindowMs;
  const meetingInWorkingMs = intersectionMs(clusters, working);

  // After-hours compares with the schedule before out-of-office: a meeting during leave is not after hours.
  const scheduled: Interval[] = [];
  for (const d of days) if (d.scheduled) scheduled.push(d.scheduled);
  if (nextMonday) scheduled.push(nextMonday);
  const afterHoursMs = meetingMs - intersectionMs(clusters, scheduled);

  const focusBlockMs = defs.focusBlockMin * MINUTE_MS;
  let longFreeMs = 0;
  const shortFree: Interval[] = [];
  let interruptions = 0;
  for (const day of days) {
    if (day.available.length === 0) continue;
    const free = subtractIntervals(day.available, clusters);
    for (const block of free) {
      if (block.endMs - block.startMs >= focusBlockMs) longFreeMs += block.endMs - block.startMs;
      else shortFree.push(block);
    }
    // Free blocks never overlap a cluster, so one ending after the cluster lies after it.
    const lastFreeEndMs = free.length > 0 ? free[free.length - 1].endMs : -Infinity;
    for (const c of clusters) {
      if (c.endMs < lastFreeEndMs && overlapsAny(c, day.available)) interruptions++;
    }
  }
  const bookedFocusInShortFreeMs = intersectionMs(shortFree, focusBlocks);
  const focusMs = longFreeMs + bookedFocusInShortFreeMs;
  const fragmentedMs = totalMs(shortFree) - bookedFocusInShortFreeMs;

  const gapMs = defs.backToBackGapMin * MINUTE_MS;
  const heavyDayMs = defs.meetingHeavyDayHours * HOUR_MS;
  let backToBackChains = 0;
  let meetingHeavyDays = 0;
  const dayMeetings: MeetingSpan[] = [];
  for (let day = 0; day < 7; day++) {
    dayMeetings.length = 0;
    for (const m of meetings) if (m.dayIndex === day) dayMeetings.push(m);
    backToBackChains += countBackToBackChains(dayMeetings, gapMs);
    if (unionMs(dayMeetings) > heavyDayMs) meetingHeavyDays++;
  }

  const longMs = defs.longMeetingMin * MINUTE_MS;
  const shortNoticeMs = defs.shortNoticeHours * HOUR_MS;
  let conflictingMs = 0;
  let largeMs = 0;
  let longMeetingMs = 0;
  let attendeeMs = 0;
  let withCreated = 0;
  let shortNotice = 0;
  for (const m of meetings) {
    const durationMs = m.endMs - m.startMs;
    if (m.conflicting) conflictingMs += durationMs;
    if (m.participants > defs.largeMeetingAttendees) largeMs += durationMs;
    if (durationMs > longMs) longMeetingMs += durationMs;
    attendeeMs += durationMs * m.participants;
    if (m.createdMs !== null) {
      withCreated++;
      // Measured per occurrence, so later instances of an old series are not short-notice.
      if (m.startMs - m.createdMs < shortNoticeMs) shortNotice++;
    }
  }

  const meetingHours = roundHours(toHours(meetingMs));
  const recurringMeetingHours = roundHours(toHours(recurringMs));
  const attendeeHours = toHours(attendeeMs);
  return {
    week,
    workingHours: roundHours(toHours(workingMs)),
    outOfOfficeHours: roundHours(toHours(scheduledInWindowMs - workingMs)),
    meetingCount: meetings.length,
    meetingHours,
    meetingShareOfWorkingTime: workingMs > 0 ? roundShare(meetingInWorkingMs / workingMs) : 0,
    recurringMeetingHours,
    // From the rounded figures, so the two parts add up to meetingHours exactly as shown.
    oneOffMeetingHours: roundHours(meetingHours - recurringMeetingHours),
    focusHours: roundHours(toHours(focusMs)),
    fragmentedHours: roundHours(toHours(fragmentedMs)),
    refocusTaxHours: roundHours((interruptions * defs.refocusTaxMin) / 60),
    backToBackChains,
    conflictingHours: roundHours(toHours(conflictingMs)),
    afterHoursMeetingHours: roundHours(toHours(afterHoursMs)),
    largeMeetingHours: roundHours(toHours(largeMs)),
    longMeetingHours: roundHours(toHours(longMeetingMs)),
    meetingHeavyDays,
    shortNoticeShare: withCreated > 0 ? roundShare(shortNotice / withCreated) : null,
    attendeeHours: roundHours(attendeeHours),
    attendeeCost: rate === null ? null : roundMoney(attendeeHours * rate),
  };
}
