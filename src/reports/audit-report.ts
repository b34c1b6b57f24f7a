import type { Finding } from '../model/finding.js';
import type { AuditWarning, DataGap } from '../model/warning.js';
import type { PersonWeekMetrics, SeriesSummary } from '../metrics/types.js';

export type { SeriesSummary };

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
  /** Occurrences that are not meetings but were not excluded either: solo holds, all-day, focus, out-of-office. */
  notMeetings: Record<string, number>;
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
