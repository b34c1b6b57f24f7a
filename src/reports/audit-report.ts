import type { Finding } from '../model/finding.js';
import type { Cadence } from '../model/occurrence.js';
import type { AuditWarning, DataGap } from '../model/warning.js';
import type { PersonWeekMetrics } from '../metrics/types.js';

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

export interface AuditedPerson {
  email: string;
  name: string | null;
  timeZone: string;
  region: string;
  teams: string[];
  /** The calendars (files or calendar ids) read for this person. */
  calendars: string[];
  weeks: PersonWeekMetrics[];
}

export interface Coverage {
  calendars: number;
  occurrences: number;
  meetings: number;
  /** Occurrences left out of meeting load, by reason (cancelled, declined, free, ...). */
  excluded: Record<string, number>;
  gaps: DataGap[];
}

/** The whole Phase 1 audit, as `audit --format json` prints it. */
export interface AuditReport {
  definitionsVersion: string;
  window: { from: string; to: string };
  people: AuditedPerson[];
  /** Recurring-meeting inventory, ranked by weeklyAttendeeHours (largest first). */
  series: SeriesSummary[];
  /** Ranked by hoursAtStake (largest first). */
  findings: Finding[];
  warnings: AuditWarning[];
  coverage: Coverage;
}
