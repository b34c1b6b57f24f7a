import { describe, expect, it } from 'vitest';
import { deriveRecurrence } from '../../../src/connectors/google/recurrence.js';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(`${iso}T10:00:00Z`); // wall times encoded as if UTC
const every = (first: string, stepDays: number, count: number) => Array.from({ length: count }, (_, i) => at(first) + i * stepDays * DAY);
const windowEnd = Date.parse('2025-04-01T00:00:00Z');

describe('connectors: google recurrence from instances', () => {
  it.each([
    ['weekly', every('2025-01-06', 7, 12), { cadence: 'weekly', perWeek: 1, rule: 'FREQ=WEEKLY;BYDAY=MO (derived from 12 instances)' }],
    ['weekly with a week the person was not invited to', [at('2025-01-06'), at('2025-01-13'), at('2025-01-27'), at('2025-02-03')], { cadence: 'weekly', perWeek: 1 }],
    ['biweekly', every('2025-01-07', 14, 6), { cadence: 'biweekly', perWeek: 0.5, rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU (derived from 6 instances)' }],
    ['every three weeks', every('2025-01-07', 21, 4), { cadence: 'irregular', perWeek: 0.333 }],
    ['a weekday stand-up', every('2025-01-06', 1, 84).filter((w) => new Date(w).getUTCDay() % 6 !== 0), { cadence: 'daily', perWeek: 5, rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR (derived from 60 instances)' }],
    ['Mondays and Thursdays', every('2025-01-06', 1, 70).filter((w) => [1, 4].includes(new Date(w).getUTCDay())), { cadence: 'daily', perWeek: 2 }],
    ['every day', every('2025-01-06', 1, 30), { cadence: 'daily', perWeek: 7, rule: 'FREQ=DAILY (derived from 30 instances)' }],
    ['every other day', every('2025-01-06', 2, 40), { cadence: 'irregular', perWeek: 3.5 }],
    ['monthly on a date', [at('2025-01-15'), at('2025-02-15'), at('2025-03-15')], { cadence: 'monthly', perWeek: 0.231 }],
    ['monthly on the second Tuesday', [at('2025-01-14'), at('2025-02-11'), at('2025-03-11')], { cadence: 'monthly', perWeek: 0.231 }],
    ['monthly on the first Monday (35 days apart)', [at('2025-02-03'), at('2025-03-03'), at('2025-04-07')], { cadence: 'monthly' }],
    ['every four weeks', every('2025-01-06', 28, 4), { cadence: 'irregular', perWeek: 0.25 }],
    ['yearly', [at('2023-03-01'), at('2024-03-01'), at('2025-03-01')], { cadence: 'yearly', perWeek: 0.019 }],
  ])('%s', (_, walls, expected) => {
    expect(deriveRecurrence(walls, windowEnd)).toMatchObject(expected);
  });

  it('knows nothing from a single instance', () => {
    expect(deriveRecurrence([at('2025-01-06')], windowEnd)).toEqual({ cadence: 'irregular', perWeek: 0, hasEnd: false, rule: '' });
    expect(deriveRecurrence([at('2025-01-06'), at('2025-01-06') + 3_600_000], windowEnd)).toMatchObject({ perWeek: 0 });
  });

  it('sees an end only when the series stops well inside the window', () => {
    expect(deriveRecurrence(every('2025-01-06', 7, 4), windowEnd).hasEnd).toBe(true); // last 27 Jan, window to 1 Apr
    expect(deriveRecurrence(every('2025-02-24', 7, 4), windowEnd).hasEnd).toBe(true); // last 17 Mar: 24 and 31 Mar missing
    expect(deriveRecurrence(every('2025-03-03', 7, 4), windowEnd).hasEnd).toBe(false); // last 24 Mar: 31 Mar alone may be a holiday
    expect(deriveRecurrence(every('2025-01-06', 1, 60).filter((w) => new Date(w).getUTCDay() % 6 !== 0), Date.parse('2025-03-07T00:00:00Z')).hasEnd).toBe(false);
  });
});
