/** One CSV row per person-week (RFC 4180: CRLF line ends, quoted where needed). */
import type { PersonWeekMetrics } from '../metrics/types.js';
import { METRIC_NAMES } from './aggregate.js';
import type { AuditReport } from './audit-report.js';
import { numberCell, textCell } from './cells.js';

/**
 * Every PersonWeekMetrics field, in declared order: the CSV columns after the person's. The names
 * are the public metric names; the check below fails to compile when a field is missing here.
 */
export const PERSON_WEEK_COLUMNS = ['week', ...METRIC_NAMES] as const satisfies readonly (keyof PersonWeekMetrics)[];

type UnlistedMetric = Exclude<keyof PersonWeekMetrics, (typeof PERSON_WEEK_COLUMNS)[number]>;
// Compile-time guard: a metric added to PersonWeekMetrics but not to PERSON_WEEK_COLUMNS is a type error here.
const everyMetricListed: [UnlistedMetric] extends [never] ? true : UnlistedMetric = true;
void everyMetricListed;

export const PERSON_COLUMNS = ['email', 'name', 'timeZone', 'region'] as const;

/** The header row, in order. */
export const CSV_COLUMNS: readonly string[] = [...PERSON_COLUMNS, ...PERSON_WEEK_COLUMNS];

export function renderCsv(report: AuditReport): string {
  const lines = [CSV_COLUMNS.map(textCell).join(',')];
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
