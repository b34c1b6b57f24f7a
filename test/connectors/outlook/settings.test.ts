import { describe, expect, it } from 'vitest';
import { mapMailboxSettings } from '../../../src/connectors/outlook/settings.js';
import { ALICE, connectTo, useFakeGraph } from './harness.js';

const WINTER = Date.parse('2025-01-15T12:00:00Z');

const fake = useFakeGraph();

describe('outlook: mailboxSettings', () => {
  it('reads the mailbox zone (a Windows name) and working hours through Graph', async () => {
    const settings = await connectTo(fake).connector.readSettings(ALICE);
    expect(settings).toEqual({ timeZone: 'Europe/Berlin', workingHours: { days: [1, 2, 3, 4, 5], startMin: 480, endMin: 1020 } });
    expect(fake.graphRequests().map((r) => r.path)).toEqual(['/v1.0/users/alice%40contoso.com/mailboxSettings']);
    expect(fake.graphRequests()[0].authorization).toMatch(/^Bearer fake-access-token-/);
  });

  it('moves working hours written in another zone into the mailbox zone', () => {
    const settings = mapMailboxSettings(
      { timeZone: 'Pacific Standard Time', workingHours: { daysOfWeek: ['Monday', 'Wednesday'], startTime: '17:00:00.0000000', endTime: '23:00:00.0000000', timeZone: { name: 'W. Europe Standard Time' } } },
      WINTER,
    );
    // 17:00 in Berlin is 08:00 in Los Angeles in January.
    expect(settings).toEqual({ timeZone: 'America/Los_Angeles', workingHours: { days: [1, 3], startMin: 8 * 60, endMin: 14 * 60 } });
  });

  it('falls back to the working-hours zone, accepts IANA names and leaves out what is missing', () => {
    expect(mapMailboxSettings({ timeZone: null, workingHours: { daysOfWeek: ['friday'], startTime: '09:30:00', endTime: '00:00:00', timeZone: { name: 'Tokyo Standard Time' } } }, WINTER)).toEqual({
      timeZone: 'Asia/Tokyo',
      workingHours: { days: [5], startMin: 570, endMin: 1440 },
    });
    expect(mapMailboxSettings({ timeZone: 'Europe/Lisbon' }, WINTER)).toEqual({ timeZone: 'Europe/Lisbon', workingHours: null });
    expect(mapMailboxSettings({ timeZone: 'Customized Time Zone', workingHours: { daysOfWeek: [] } }, WINTER)).toEqual({ timeZone: null, workingHours: null });
  });
});
