import { describe, expect, it } from 'vitest';
import { mapGraphEvent } from '../../../src/connectors/outlook/map-event.js';
import { recurrenceFromSpacing, recurrenceOfPattern } from '../../../src/connectors/outlook/recurrence.js';
import { DEFAULT_DEFINITIONS } from '../../../src/model/definitions.js';
import type { Occurrence } from '../../../src/model/occurrence.js';
import { FIXTURE_NAMES, loadOutlookFixture } from './fixtures.js';

const utc = (text: string): number => Date.parse(text);

function mapFixture(name: (typeof FIXTURE_NAMES)[number]): Map<string, Occurrence> {
  const f = loadOutlookFixture(name);
  const out = new Map<string, Occurrence>();
  for (const item of f.calendarViewDelta.value ?? []) {
    const master = item.seriesMasterId ? f.seriesMasters[item.seriesMasterId] : null;
    out.set(item.id, mapGraphEvent(item, { ownerEmail: f.owner, timeZone: f.timeZone, definitions: DEFAULT_DEFINITIONS, master }));
  }
  return out;
}

const SERIES_ID = '040000008200E00074C5B7101A82E00800000000D0F3C1B5A55ADB0100000000000000001000000093A1C2B3D4E5F60718293A4B5C6D7E8F';

describe('outlook: mapGraphEvent on recorded calendarView/delta items', () => {
  it('gives every occurrence the Outlook identity: Graph id as uid, primary calendar, owner, origin', () => {
    for (const name of FIXTURE_NAMES) {
      for (const [id, o] of mapFixture(name)) {
        expect(o).toMatchObject({ source: 'outlook', calendarId: 'primary', ownerEmail: 'alice@contoso.com', uid: id, origin: `outlook:alice@contoso.com/${id}`, floating: false });
      }
    }
  });

  it('fills plain occurrences of a series from the series master and reads its weekly pattern', () => {
    const o = mapFixture('recurring-weekly-moved-and-cancelled').get('AAMkAGI2TG93AAABEgAQAMjQ-occ-20250106')!;
    expect(o).toMatchObject({
      title: 'Team sync',
      seriesId: SERIES_ID,
      recurrence: { cadence: 'weekly', perWeek: 1, hasEnd: false, rule: 'FREQ=WEEKLY;BYDAY=MO' },
      startMs: utc('2025-01-06T08:00:00Z'),
      endMs: utc('2025-01-06T08:30:00Z'),
      recurrenceIdMs: utc('2025-01-06T08:00:00Z'),
      timeZone: 'Europe/Berlin',
      organizer: 'bob@contoso.com',
      selfResponse: 'accepted',
      showAs: 'busy',
      status: 'confirmed',
      kind: 'meeting',
    });
    expect(o.attendees.map((a) => [a.email, a.role, a.response])).toEqual([
      ['alice@contoso.com', 'required', 'accepted'],
      ['carol@contoso.com', 'required', 'accepted'],
      ['dan@contoso.com', 'optional', 'needs-action'],
    ]);
    expect(o.agenda).toMatchObject({ attachmentCount: 1, hasNoteTaker: true });
  });

  it('keeps a moved instance (exception) at its new time, keyed by its original start, with its own fields', () => {
    const o = mapFixture('recurring-weekly-moved-and-cancelled').get('AAMkAGI2TG93AAABEgAQAMjQ-exc-20250113')!;
    expect(o).toMatchObject({
      title: 'Team sync (moved to Tuesday)',
      seriesId: SERIES_ID,
      startMs: utc('2025-01-14T09:00:00Z'),
      endMs: utc('2025-01-14T09:30:00Z'),
      recurrenceIdMs: utc('2025-01-13T08:00:00Z'),
      createdMs: utc('2024-10-28T09:12:44.123Z'),
      lastModifiedMs: utc('2025-01-10T16:02:11.765Z'),
      kind: 'meeting',
    });
    expect(o.attendees).toEqual([
      { email: 'alice@contoso.com', name: 'Alice Adams', response: 'accepted', role: 'required', isResource: false },
      { email: 'carol@contoso.com', name: 'Carol Chen', response: 'tentative', role: 'required', isResource: false },
      { email: 'berlin-4.12@contoso.com', name: 'Berlin 4.12', response: 'accepted', role: 'non-participant', isResource: true },
    ]);
    // The Teams join block is boilerplate, not agenda.
    expect(o.agenda.text).toBe('Agenda:\n1. Release status\n2. Hiring\n3. Open issues');
    expect(o.agenda.attachmentCount).toBe(0);
  });

  it('excludes an instance the organizer cancelled', () => {
    const o = mapFixture('recurring-weekly-moved-and-cancelled').get('AAMkAGI2TG93AAABEgAQAMjQ-exc-20250120')!;
    expect(o).toMatchObject({ status: 'cancelled', kind: 'excluded', excludedReason: 'cancelled', recurrenceIdMs: utc('2025-01-20T08:00:00Z'), seriesId: SERIES_ID });
  });

  it('reads all-day dates as written (wall dates), in the zone the event was made in', () => {
    const o = mapFixture('all-day').get('AAMkADNVxRAAA-offsite')!;
    expect(o).toMatchObject({
      allDay: true,
      startMs: Date.UTC(2025, 0, 15),
      endMs: Date.UTC(2025, 0, 17),
      timeZone: 'America/Los_Angeles',
      seriesId: null,
      recurrence: null,
      recurrenceIdMs: null,
      kind: 'all-day',
    });
  });

  it('excludes a declined meeting', () => {
    const o = mapFixture('declined').get('AAMkADVxTAAA-budget')!;
    expect(o).toMatchObject({ selfResponse: 'declined', showAs: 'free', kind: 'excluded', excludedReason: 'declined', timeZone: 'Europe/London' });
    expect(o.agenda.attachmentCount).toBe(1);
    expect(o.attendees.find((a) => a.email === 'hank@fabrikam.com')).toMatchObject({ role: 'optional', response: 'needs-action' });
  });

  it('hides the title and body of private and confidential items', () => {
    const items = mapFixture('private');
    const hold = items.get('AAMkADj1HuAAA-therapy')!;
    expect(hold).toMatchObject({ title: 'Private event', isPrivate: true, selfResponse: 'organizer', kind: 'solo' });
    expect(hold.agenda).toEqual({ textLength: 0, text: '', attachmentCount: 0, hasNoteTaker: false });
    const hr = items.get('AAMkADj1HvAAA-hr')!;
    expect(hr).toMatchObject({ title: 'Private event', isPrivate: true, kind: 'meeting' });
    expect(hr.agenda.text).toBe('');
  });

  it('classifies showAs oof as out-of-office, all-day or timed', () => {
    const items = mapFixture('out-of-office');
    expect(items.get('AAMkADk0MGFk-vacation')).toMatchObject({ showAs: 'out-of-office', allDay: true, startMs: Date.UTC(2025, 0, 20), endMs: Date.UTC(2025, 0, 25), selfResponse: 'organizer', kind: 'out-of-office' });
    expect(items.get('AAMkADk0MGFk-away')).toMatchObject({ showAs: 'out-of-office', allDay: false, startMs: utc('2025-01-07T13:00:00Z'), kind: 'out-of-office' });
  });

  it('maps Windows zone names to IANA and leaves a custom zone unknown', () => {
    const items = mapFixture('windows-zone');
    const tokyo = items.get('AAMkADZone-tokyo')!;
    expect(tokyo).toMatchObject({ timeZone: 'Asia/Tokyo', showAs: 'tentative', selfResponse: 'tentative', kind: 'meeting', startMs: utc('2025-01-09T08:00:00Z') });
    expect(tokyo.attendees.filter((a) => a.isResource).map((a) => a.email)).toEqual(['tokyo-sakura@contoso.com']);
    expect(tokyo.agenda).toMatchObject({ attachmentCount: 1, text: 'Goals: agree on the payment step.\nDeck attached.' });
    expect(items.get('AAMkADZone-custom')).toMatchObject({ timeZone: null, selfResponse: 'organizer', kind: 'meeting' });
  });

  it('keeps a plain occurrence whose master is unknown with its times only', () => {
    const o = mapGraphEvent(
      { id: 'occ-1', type: 'occurrence', seriesMasterId: 'master-1', start: { dateTime: '2025-01-06T08:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2025-01-06T08:30:00.0000000', timeZone: 'UTC' } },
      { ownerEmail: 'alice@contoso.com', timeZone: 'Europe/Berlin', definitions: DEFAULT_DEFINITIONS },
    );
    expect(o).toMatchObject({ title: '', seriesId: 'master-1', recurrence: null, recurrenceIdMs: utc('2025-01-06T08:00:00Z'), kind: 'solo' });
  });

  it('rejects an item without a readable start', () => {
    expect(() =>
      mapGraphEvent({ id: 'x', start: { dateTime: 'soon', timeZone: 'UTC' }, end: { dateTime: '2025-01-06T08:30:00', timeZone: 'UTC' } }, { ownerEmail: 'a@b.c', timeZone: 'UTC', definitions: DEFAULT_DEFINITIONS }),
    ).toThrow(RangeError);
  });
});

describe('outlook: recurrence', () => {
  it('reads Graph recurrence patterns with the cadence the .ics connector gives the same RRULE', () => {
    expect(recurrenceOfPattern({ type: 'weekly', interval: 1, daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] }, { type: 'noEnd' })).toEqual({
      cadence: 'daily', perWeek: 5, hasEnd: false, rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    });
    expect(recurrenceOfPattern({ type: 'weekly', interval: 2, daysOfWeek: ['thursday'] }, { type: 'numbered', numberOfOccurrences: 10 })).toEqual({
      cadence: 'biweekly', perWeek: 0.5, hasEnd: true, rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=10',
    });
    expect(recurrenceOfPattern({ type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'first' }, { type: 'endDate', endDate: '2025-12-31' })).toEqual({
      cadence: 'monthly', perWeek: 0.231, hasEnd: true, rule: 'FREQ=MONTHLY;BYDAY=1TU;UNTIL=20251231',
    });
    expect(recurrenceOfPattern({ type: 'daily', interval: 1 }, { type: 'noEnd' })).toMatchObject({ cadence: 'daily', perWeek: 7, rule: 'FREQ=DAILY' });
  });

  it('infers a cadence from instance spacing when the master is unreadable', () => {
    const day = 86_400_000;
    const monday = Date.UTC(2025, 0, 6, 8);
    expect(recurrenceFromSpacing([0, 7, 14, 21].map((d) => monday + d * day))).toMatchObject({ cadence: 'weekly', perWeek: 1 });
    expect(recurrenceFromSpacing([0, 14, 28].map((d) => monday + d * day))).toMatchObject({ cadence: 'biweekly', perWeek: 0.5 });
    expect(recurrenceFromSpacing([0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((d) => monday + d * day))).toMatchObject({ cadence: 'daily' });
  });
});
