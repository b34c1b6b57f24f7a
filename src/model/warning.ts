/**
 * Something the audit had to work around but did not stop for: a broken VEVENT that was skipped,
 * a capped recurrence, an unknown time zone. Shown to the user with where it happened.
 */
export interface AuditWarning {
  code: string;
  /** "path/to/file.ics:120" or a calendar id. */
  location: string;
  message: string;
}

/** A calendar (or part of one) the audit could not read: reports show it as missing coverage. */
export interface DataGap {
  calendarId: string;
  ownerEmail: string | null;
  reason: string;
  fromMs: number | null;
  toMs: number | null;
}
