import { afterEach, describe, expect, it } from 'vitest';
import { readWorkingHours } from '../../../src/connectors/google/settings.js';
import { OWNER } from './events.js';
import { startFakeGoogle, type FakeGoogle } from './fake-google.js';
import { oauthConnector } from './helpers.js';

const weekdayHours = (start: number, end: number) =>
  ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((dayOfWeek) => ({ dayOfWeek, periodStart: start, periodEnd: end }));

describe('connectors: google settings', () => {
  let fake: FakeGoogle;
  afterEach(() => fake.close());

  it('reads the zone from settings and working hours from the primary calendar (two requests)', async () => {
    fake = await startFakeGoogle([
      { email: OWNER, timeZone: 'America/Los_Angeles', workingHours: { workingHoursEnabled: true, availableTimes: weekdayHours(8 * 60, 16 * 60 + 30) } },
    ]);
    const { connector } = oauthConnector(fake);
    const settings = await connector.readSettings(OWNER);
    expect(settings).toEqual({ timeZone: 'America/Los_Angeles', workingHours: { days: [1, 2, 3, 4, 5], startMin: 480, endMin: 990 } });
    expect(fake.apiRequests().map((r) => r.path).sort()).toEqual(['/calendar/v3/calendars/primary', '/calendar/v3/users/me/settings/timezone']);
  });

  it('gives null working hours when the calendar has none (the roster’s apply)', async () => {
    fake = await startFakeGoogle([{ email: OWNER, timeZone: 'Asia/Kolkata' }]);
    const { connector } = oauthConnector(fake);
    expect(await connector.readSettings(OWNER)).toEqual({ timeZone: 'Asia/Kolkata', workingHours: null });
  });

  it('reads working hours defensively', () => {
    expect(readWorkingHours(undefined)).toBeNull();
    expect(readWorkingHours({ workingHoursEnabled: false, availableTimes: weekdayHours(540, 1020) })).toBeNull();
    expect(readWorkingHours({ availableTimes: [{ dayOfWeek: 'FUNDAY', periodStart: 1, periodEnd: 2 }] })).toBeNull();
    // A lunch break splits Monday; Friday is short; the span most days share wins.
    const split = [
      { dayOfWeek: 'MONDAY', periodStart: 540, periodEnd: 720 },
      { dayOfWeek: 'MONDAY', periodStart: 780, periodEnd: 1020 },
      { dayOfWeek: 'TUESDAY', periodStart: 540, periodEnd: 1020 },
      { dayOfWeek: 'WEDNESDAY', periodStart: 540, periodEnd: 1020 },
      { dayOfWeek: 'FRIDAY', periodStart: 540, periodEnd: 780 },
      { dayOfWeek: 'SUNDAY', periodStart: 900, periodEnd: 800 }, // end before start: skipped
    ];
    expect(readWorkingHours({ workingHoursEnabled: true, availableTimes: split })).toEqual({ days: [1, 2, 3, 5], startMin: 540, endMin: 1020 });
  });
});
