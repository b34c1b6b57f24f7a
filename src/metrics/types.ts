import type { Cadence } from '../model/occurrence.js';

/**
 * One person's ISO week (in the person's own zone). Names are the public contract of
 * `audit --format json` and the API: never rename one, add new ones instead.
 */
export interface PersonWeekMetrics {
  week: string; // "2024-W10"
  /** Working hours available this week after out-of-office time is removed. */
  workingHours: number;
  outOfOfficeHours: number;
  meetingCount: number;
  /** Hours in meetings, overlapping meetings merged so each hour counts once. */
  meetingHours: number;
  /** meetingHours inside working hours divided by workingHours (0..1; 0 when there is no working time). */
  meetingShareOfWorkingTime: number;
  recurringMeetingHours: number;
  oneOffMeetingHours: number;
  /** Free blocks of at least `focusBlockMin` inside working hours, plus booked focus blocks. */
  focusHours: number;
  /** Free blocks shorter than `focusBlockMin` inside working hours. */
  fragmentedHours: number;
  /** refocusTaxMin for each meeting that interrupts a free block, in hours. */
  refocusTaxHours: number;
  /** Runs of two or more meetings with at most `backToBackGapMin` between them. */
  backToBackChains: number;
  /** Full length of every non-declined meeting that overlaps another one. */
  conflictingHours: number;
  /** Meeting hours outside the person's own working hours (weekends included). */
  afterHoursMeetingHours: number;
  /** Hours in meetings with more than `largeMeetingAttendees` attendees. */
  largeMeetingHours: number;
  /** Hours in meetings longer than `longMeetingMin`. */
  longMeetingHours: number;
  /** Days with more than `meetingHeavyDayHours` of meetings. */
  meetingHeavyDays: number;
  /** Share of meetings (with a known creation time) created less than `shortNoticeHours` before start; null when none is known. */
  shortNoticeShare: number | null;
  /** Sum over meetings of duration x participants. */
  attendeeHours: number;
  /** attendeeHours x hourly rate, when a rate is configured; else null. */
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
