import { describe, expect, it } from 'vitest';
import { DAY_MS, dayOffsetMs, formatDate, HOUR_MS, zoneOffsetMs } from '../../src/model/time.js';

describe('model: time', () => {
  it('formats a wall date as toISOString does, also before 1970 and between whole milliseconds', () => {
    for (const ms of [0, -1, -0.5, 1.5, DAY_MS - 1, -DAY_MS, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 12), 8.64e15, -8.64e15]) {
      expect(formatDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
    expect(() => formatDate(8.64e15 + 1)).toThrow(RangeError);
    expect(() => formatDate(NaN)).toThrow(RangeError);
  });

  it('gives a day its offset, or NaN on the day the offset changes', () => {
    const sunday = Date.UTC(2024, 2, 31); // Europe/Berlin goes from +01:00 to +02:00 at 01:00Z
    expect(dayOffsetMs(sunday - DAY_MS, 'Europe/Berlin')).toBe(HOUR_MS);
    expect(dayOffsetMs(sunday + 12 * HOUR_MS, 'Europe/Berlin')).toBeNaN();
    expect(dayOffsetMs(sunday + DAY_MS, 'Europe/Berlin')).toBe(2 * HOUR_MS);
    expect(dayOffsetMs(sunday, 'UTC')).toBe(0);
    expect(zoneOffsetMs(sunday + 30 * 60_000, 'Europe/Berlin')).toBe(HOUR_MS);
    expect(zoneOffsetMs(sunday + HOUR_MS, 'Europe/Berlin')).toBe(2 * HOUR_MS);
  });
});
