import type { Person } from '../model/person.js';
import { DAY_MS, isoWeekday, MINUTE_MS, wallToUtcMs } from '../model/time.js';
import { type Interval, subtractIntervals, totalMs } from './intervals.js';

/** Out-of-office time of one person, prepared once for all weeks. */
export interface OutOfOffice {
  /** Timed out-of-office blocks as UTC intervals, sorted and merged. */
  blocks: Interval[];
  /** Local days taken off whole by all-day out-of-office items, as wall midnights (encoded as UTC). */
  wholeDays: Set<number>;
}

/** One local day of a person's week. */
export interface WorkingDay {
  /** Local midnight, a wall time encoded as if UTC. */
  dayWall: number;
  /** The scheduled working hours as a UTC interval, ignoring the window and out-of-office; null on a day off. */
  scheduled: Interval | null;
  /** Scheduled working time inside the window, before out-of-office is removed, in ms. */
  scheduledInWindowMs: number;
  /** Working time left after clipping to the window and removing out-of-office, sorted. */
  available: Interval[];
}

/**
 * The working hours of one local day as a UTC interval. Each end is converted on its own, so a
 * 09:00-17:00 day stays eight hours on either side of a DST change (the change happens at night).
 */
export function scheduledWorkingInterval(person: Person, dayWall: number): Interval | null {
  const { days, startMin, endMin } = person.workingHours;
  if (endMin <= startMin || !days.includes(isoWeekday(dayWall))) return null;
  return {
    startMs: wallToUtcMs(dayWall + startMin * MINUTE_MS, person.timeZone),
    endMs: wallToUtcMs(dayWall + endMin * MINUTE_MS, person.timeZone),
  };
}

/**
 * The seven local days of the ISO week starting at `weekStartWall`, with their working time
 * clipped to `window` and out-of-office removed. `outOfOffice.blocks` may be limited to the week.
 */
export function buildWorkingDays(
  person: Person,
  weekStartWall: number,
  window: { fromMs: number; toMs: number },
  outOfOffice: OutOfOffice,
): WorkingDay[] {
  const days: WorkingDay[] = [];
  for (let d = 0; d < 7; d++) {
    const dayWall = weekStartWall + d * DAY_MS;
    const scheduled = scheduledWorkingInterval(person, dayWall);
    let inWindow: Interval[] = [];
    if (scheduled) {
      const startMs = Math.max(scheduled.startMs, window.fromMs);
      const endMs = Math.min(scheduled.endMs, window.toMs);
      if (endMs > startMs) inWindow = [{ startMs, endMs }];
    }
    const available = outOfOffice.wholeDays.has(dayWall) ? [] : subtractIntervals(inWindow, outOfOffice.blocks);
    days.push({ dayWall, scheduled, scheduledInWindowMs: totalMs(inWindow), available });
  }
  return days;
}
