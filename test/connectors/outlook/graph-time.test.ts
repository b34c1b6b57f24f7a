import { describe, expect, it } from 'vitest';
import { clockMinutes, instantOf, parseGraphTimestamp, wallDateOf } from '../../../src/connectors/outlook/graph-time.js';
import { parseRetryAfter } from '../../../src/connectors/outlook/retry.js';

describe('outlook: Graph date-time values', () => {
  it('reads dateTimeTimeZone in UTC (what Prefer asks for) and, if a proxy dropped the header, in its zone', () => {
    expect(instantOf({ dateTime: '2025-01-06T08:00:00.0000000', timeZone: 'UTC' })).toBe(Date.parse('2025-01-06T08:00:00Z'));
    expect(instantOf({ dateTime: '2025-01-06T09:00:00.0000000', timeZone: 'W. Europe Standard Time' })).toBe(Date.parse('2025-01-06T08:00:00Z'));
    expect(instantOf({ dateTime: '2025-07-07T09:00:00', timeZone: 'America/New_York' })).toBe(Date.parse('2025-07-07T13:00:00Z'));
    expect(() => instantOf({ dateTime: '2025-01-06T09:00:00', timeZone: 'Mars Standard Time' })).toThrow(RangeError);
  });

  it('reads all-day boundaries as wall dates, whether written as midnight or as the zone\'s midnight instant', () => {
    expect(wallDateOf({ dateTime: '2025-01-20T00:00:00.0000000', timeZone: 'UTC' }, 'America/Los_Angeles')).toBe(Date.UTC(2025, 0, 20));
    expect(wallDateOf({ dateTime: '2025-01-20T00:00:00Z' }, 'America/Los_Angeles')).toBe(Date.UTC(2025, 0, 20));
    expect(wallDateOf({ dateTime: '2025-01-19T23:00:00Z' }, 'Europe/Berlin')).toBe(Date.UTC(2025, 0, 20));
    expect(wallDateOf({ dateTime: '2025-01-20T08:00:00Z' }, 'America/Los_Angeles')).toBe(Date.UTC(2025, 0, 20));
  });

  it('reads timestamps with seven fractional digits and offsets', () => {
    expect(parseGraphTimestamp('2019-10-17T11:22:53.2309063Z')).toBe(Date.parse('2019-10-17T11:22:53.230Z'));
    expect(parseGraphTimestamp('2019-10-17T13:22:53+02:00')).toBe(Date.parse('2019-10-17T11:22:53Z'));
    expect(parseGraphTimestamp('0001-01-01T00:00:00Z')).toBe(Date.parse('0001-01-01T00:00:00Z'));
    expect(parseGraphTimestamp('2025-02-29T00:00:00Z')).toBeNull();
    expect(parseGraphTimestamp('yesterday')).toBeNull();
    expect(parseGraphTimestamp(null)).toBeNull();
  });

  it('reads working-hours clock times', () => {
    expect(clockMinutes('08:30:00.0000000')).toBe(510);
    expect(() => clockMinutes('25:00')).toThrow(RangeError);
  });

  it('reads Retry-After as seconds or an HTTP-date', () => {
    expect(parseRetryAfter('1')).toBe(1000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:29:00Z'))).toBe(0);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
