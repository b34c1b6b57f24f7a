/** One CSV row per person-week (RFC 4180: CRLF line ends, quoted where needed). */
import type { PersonWeekMetrics } from '../metrics/types.js';
import type { AuditReport } from './audit-report.js';

/**
 * Every PersonWeekMetrics field, in declared order: the CSV columns after the person's. The names
 * are the public metric names; the check below fails to compile when a field is missing here.
 */
export const PERSON_WEEK_COLUMNS = [
  'week',
  'workingHours',
  'outOfOfficeHours',
  'meetingCount',
  'meetingHours',
  'meetingShareOfWorkingTime',
  'recurringMeetingHours',
  'oneOffMeetingHours',
  'focusHours',
  'fragmentedHours',
  'refocusTaxHours',
  'backToBackChains',
  'conflictingHours',
  'afterHoursMeetingHours',
  'largeMeetingHours',
  'longMeetingHours',
  'meetingHeavyDays',
  'shortNoticeShare',
  'attendeeHours',
  'attendeeCost',
] as const satisfies readonly (keyof PersonWeekMetrics)[];

type UnlistedMetric = Exclude<keyof PersonWeekMetrics, (typeof PERSON_WEEK_COLUMNS)[number]>;
// Compile-time guard: a metric added to PersonWeekMetrics but not to PERSON_WEEK_COLUMNS is a type error here.
const everyMetricListed: [UnlistedMetric] extends [never] ? true : UnlistedMetric = true;
void everyMetricListed;

export const PERSON_COLUMNS = ['email', 'name', 'timeZone', 'region'] as const;

/** The header row, in order. */
export const CSV_COLUMNS: readonly string[] = [...PERSON_COLUMNS, ...PERSON_WEEK_COLUMNS];

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A text cell. A leading = + - @ (or tab / carriage return) would make a spreadsheet run the cell as
 * a formula, so such cells get a leading single quote (OWASP "CSV injection").
 */
function textCell(value: string | null): string {
  if (value === null) return '';
  return quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** Numbers at four decimals at most, to drop floating-point noise; null and non-finite are empty. */
function numberCell(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  const rounded = Math.round(value * 10_000) / 10_000;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

export function renderCsv(report: AuditReport): string {
  const lines = [CSV_COLUMNS.map(quote).join(',')];
  for (const person of report.people) {
    const personCells = [
      textCell(person.email),
      textCell(person.name),
      textCell(person.timeZone),
      textCell(person.region),
    ];
    for (const week of person.weeks) {
      const metricCells = PERSON_WEEK_COLUMNS.map((column) => {
        const value = week[column];
        return typeof value === 'string' ? textCell(value) : numberCell(value);
      });
      lines.push([...personCells, ...metricCells].join(','));
    }
  }
  return lines.map((line) => `${line}\r\n`).join('');
}
