import { describe, expect, it } from 'vitest';
import { CalendarSets } from '../../src/cli/commands/audit.js';
import { resolveWindow } from '../../src/cli/window.js';
import { defaultConfig } from '../../src/config/roster.js';
import { OccurrenceTableBuilder } from '../../src/connectors/ics/occurrence-table.js';
import type { TableResult } from '../../src/connectors/ics/read-many.js';
import { ConnectorError } from '../../src/model/errors.js';
import { at, occurrence } from '../rules/factory.js';

const window = resolveWindow('2024-03-04', '2024-03-18', 0);

/** A file as the reader gives it: meetings at these starts, read as `ownerEmail`'s calendar. */
function read(path: string, ownerEmail: string | null, starts: string[], timeZone: string | null = null): TableResult {
  const table = new OccurrenceTableBuilder();
  const { startMs, endMs, recurrenceIdMs, ...template } = occurrence({ uid: 'weekly-review', calendarId: path, ownerEmail });
  const t = table.addTemplate(template);
  for (const start of starts) table.add(t, at(start), at(start) + (endMs - startMs), recurrenceIdMs);
  const warnings = [{ code: 'note', location: path, message: `read ${path}` }];
  return { path, calendar: { path, calendarName: null, ownerEmail, timeZone, eventCount: starts.length, warnings, table: table.build() } };
}

const tasks = [
  { path: 'ann-work.ics', owner: 'ann@example.com' },
  { path: 'bob.ics', owner: 'Bob@example.com' },
  { path: 'shared.ics', owner: null },
  { path: 'ann-home.ics', owner: 'ann@example.com' },
  { path: 'broken.ics', owner: null },
  { path: 'nobody.ics', owner: null },
];
const results: TableResult[] = [
  read('ann-work.ics', 'ann@example.com', ['2024-03-05T10:00:00Z', '2024-03-12T10:00:00Z']),
  read('bob.ics', 'bob@example.com', ['2024-03-06T10:00:00Z'], 'Europe/Berlin'),
  read('shared.ics', 'ann@example.com', ['2024-03-07T09:00:00Z']),
  read('ann-home.ics', 'ann@example.com', ['2024-03-05T10:00:00Z', '2024-03-19T10:00:00Z']),
  { path: 'broken.ics', error: new ConnectorError('ics', 'parse', 'not iCalendar') },
  read('nobody.ics', null, ['2024-03-08T09:00:00Z']),
];

function gather(order: number[]) {
  const sets = new CalendarSets(tasks, defaultConfig(), window);
  for (const i of order) sets.add(results[i], i);
  const { audited, warnings, gaps, prepared } = sets.finish();
  return { audited, warnings, gaps, weeks: audited.map((a) => prepared.weeksOf(a)) };
}

describe('cli: audit calendar sets', () => {
  it.each([
    [[5, 4, 3, 2, 1, 0]],
    [[2, 0, 5, 3, 1, 4]],
    [[1, 3, 0, 4, 5, 2]],
  ])('gathers files read in the order %j as if read in file order', (order) => {
    expect(gather(order)).toEqual(gather([0, 1, 2, 3, 4, 5]));
  });

  it('keeps file order for people, calendars, warnings and gaps', () => {
    const { audited, warnings, gaps } = gather([5, 4, 3, 2, 1, 0]);
    expect(audited.map((a) => [a.person.email, a.calendars])).toEqual([
      ['ann@example.com', ['ann-work.ics', 'shared.ics', 'ann-home.ics']],
      ['bob@example.com', ['bob.ics']],
      ['nobody', ['nobody.ics']],
    ]);
    expect(audited[1].person.timeZone).toBe('Europe/Berlin');
    // The same meeting on two of Ann's calendars counts once; the window ends on 2024-03-18.
    expect(audited[0].occurrences.map((o) => o.startMs)).toEqual(
      ['2024-03-05T10:00:00Z', '2024-03-07T09:00:00Z', '2024-03-12T10:00:00Z'].map(at),
    );
    expect(warnings.map((w) => w.location)).toEqual(['ann-work.ics', 'bob.ics', 'shared.ics', 'ann-home.ics', 'nobody.ics', 'nobody.ics']);
    expect(warnings[5].code).toBe('unknown-owner');
    expect(gaps.map((g) => g.calendarId)).toEqual(['broken.ics']);
  });
});
