import type { Cadence } from '../model/occurrence.js';

/**
 * One person's ISO week (in the person's own zone). Names are the public contract of
 * `audit --format json` and the API: never rename one, add new ones instead.
 *
 * Meetings are occurrences of kind 'meeting'; each belongs to the local week and day in which it
 * starts. Working time is the person's working hours on their working days (local wall time,
 * DST-aware), clipped to the audit window, minus out-of-office time. Hours are rounded to 2
 * decimals and shares to 3; everything is computed unrounded first.
 */
export interface PersonWeekMetrics {
  week: string; // "2024-W10"
  /** Working hours available this week after out-of-office time is removed. */
  workingHours: number;
  /** Working time removed by out-of-office: timed blocks remove their span, all-day items whole local days. */
  outOfOfficeHours: number;
  /** Meetings starting in the week. */
  meetingCount: number;
  /** Hours in meetings, overlapping meetings merged so each hour counts once. */
  meetingHours: number;
  /** meetingHours inside working hours divided by workingHours (0..1; 0 when there is no working time). */
  meetingShareOfWorkingTime: number;
  /** Union of the meetings that belong to a series (overlaps counted once). */
  recurringMeetingHours: number;
  /** meetingHours - recurringMeetingHours, so the two add up. */
  oneOffMeetingHours: number;
  /**
   * Free time is working time minus meeting time, per day (a block never spans days). Focus is the
   * free blocks of at least `focusBlockMin`, plus the parts of shorter free blocks covered by a
   * focus block the person booked.
   */
  focusHours: number;
  /** The rest of the free time: blocks shorter than `focusBlockMin` not covered by booked focus. */
  fragmentedHours: number;
  /**
   * `refocusTaxMin` for each interruption, in hours. An interruption is a merged run of meetings that
   * overlaps a day's working time and is followed by free working time later that day.
   */
  refocusTaxHours: number;
  /**
   * Chains per local day of two or more meetings, each starting at most `backToBackGapMin` after the
   * chain's latest end so far (overlapping meetings chain too).
   */
  backToBackChains: number;
  /** Full length of every meeting that overlaps another one (declined and excluded ones are not meetings). */
  conflictingHours: number;
  /**
   * Meeting hours outside the person's own working hours (weekends and days off included). Compared
   * with the schedule before out-of-office removal: a meeting during leave is not after hours.
   */
  afterHoursMeetingHours: number;
  /** Hours in meetings with more than `largeMeetingAttendees` participants (people, not rooms; the organizer included). */
  largeMeetingHours: number;
  /** Hours in meetings longer than `longMeetingMin`. */
  longMeetingHours: number;
  /** Local days with more than `meetingHeavyDayHours` of meetings (merged) starting that day. */
  meetingHeavyDays: number;
  /**
   * Share of meetings (with a known creation time) created less than `shortNoticeHours` before start;
   * null when none is known. Measured per occurrence: later instances of an old series are not short-notice.
   */
  shortNoticeShare: number | null;
  /** Sum over meetings of duration x participants (people, not rooms; the organizer included). */
  attendeeHours: number;
  /** attendeeHours x hourly rate (the person's, else the definitions' default), when one is configured; else null. */
  attendeeCost: number | null;
}

/** One recurring meeting series in the audit: a meeting-diet candidate. */
export interface SeriesSummary {
  seriesId: string;
  title: string;
  organizer: string | null;
  cadence: Cadence;
  /** Occurrences per week the rule implies. */
  perWeek: number;
  /** Median length of its meeting occurrences in the window. */
  durationMin: number;
  /** Median number of participants (people, not rooms) per occurrence. */
  participants: number;
  /** Hours per week the series costs everyone in it: perWeek x duration x participants. */
  weeklyAttendeeHours: number;
  /** weeklyAttendeeHours x hourly rate, when one is configured. */
  weeklyCost: number | null;
  hasAgenda: boolean;
  hasEnd: boolean;
  /** Meeting occurrences of the series that fall in the window (each counted once, across calendars). */
  occurrencesInWindow: number;
  /** Audited people who have it on their calendar. */
  audited: string[];
}
