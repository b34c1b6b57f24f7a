import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { calendar_v3 } from 'googleapis';
import { describe, expect, it } from 'vitest';
import { collectFull, type Collected } from '../../../src/connectors/google/collect.js';
import { mapEvent } from '../../../src/connectors/google/map-event.js';
import { DEFAULT_DEFINITIONS } from '../../../src/model/definitions.js';
import type { Occurrence } from '../../../src/model/occurrence.js';
import { WINDOW } from './helpers.js';

/**
 * Recorded-shape events.list pages (fixtures/google/NOTES.md says what each covers), mapped the way a
 * full sync maps them, for alice@example.com over 2025-01-06 .. 2025-02-03.
 */
const OWNER = 'alice@example.com';
const FIXTURES = join(import.meta.dirname, '../../../fixtures/google');
const utc = (iso: string) => Date.parse(iso);
const date = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

function page(name: string): calendar_v3.Schema$Events {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as calendar_v3.Schema$Events;
}

function collect(name: string): Collected {
  const p = page(name);
  return collectFull(p.items ?? [], { ownerEmail: OWNER, calendarId: OWNER, zone: p.timeZone!, ...WINDOW, definitions: DEFAULT_DEFINITIONS });
}

const byStart = (os: Occurrence[], iso: string) => os.find((o) => o.startMs === utc(iso))!;

describe('connectors: google mapping (fixtures/google)', () => {
  it('maps a recurring series with a moved and a cancelled instance', () => {
    const { upserts, warnings, series } = collect('recurring-series-moved-and-cancelled-instance');
    const SERIES = '4k2m8q1v0r7s9t3u5h6e8c0b1a';
    expect(warnings).toEqual([]);
    expect(upserts.map((o) => [o.uid, o.startMs, o.recurrenceIdMs])).toEqual([
      [SERIES, utc('2025-01-07T09:00:00Z'), utc('2025-01-07T09:00:00Z')],
      [SERIES, utc('2025-01-15T13:00:00Z'), utc('2025-01-14T09:00:00Z')], // moved: keeps its original start as identity
      [SERIES, utc('2025-01-28T09:00:00Z'), utc('2025-01-28T09:00:00Z')],
    ]);
    // Cadence from all four original starts, the cancelled 21 Jan one included.
    const weekly = { cadence: 'weekly', perWeek: 1, hasEnd: false, rule: 'FREQ=WEEKLY;BYDAY=TU (derived from 4 instances)' };
    expect(series).toEqual({ [SERIES]: weekly });

    const first = byStart(upserts, '2025-01-07T09:00:00Z');
    expect(first).toEqual({
      source: 'google',
      calendarId: OWNER,
      ownerEmail: OWNER,
      uid: SERIES,
      seriesId: SERIES,
      recurrence: weekly,
      recurrenceIdMs: utc('2025-01-07T09:00:00Z'),
      startMs: utc('2025-01-07T09:00:00Z'),
      endMs: utc('2025-01-07T09:45:00Z'),
      allDay: false,
      floating: false,
      timeZone: 'Europe/Berlin',
      title: 'Product sync',
      isPrivate: false,
      organizer: 'bob@example.com',
      attendees: [
        { email: 'bob@example.com', name: 'Bob Berg', response: 'accepted', role: 'chair', isResource: false },
        { email: OWNER, name: 'Alice Adler', response: 'accepted', role: 'required', isResource: false },
        { email: 'carol@example.com', name: null, response: 'tentative', role: 'optional', isResource: false },
        { email: 'c_1886m0gq2c8aqgbgjdm3eaio0akni@resource.calendar.google.com', name: 'Room Isar (8)', response: 'accepted', role: 'required', isResource: true },
      ],
      selfResponse: 'accepted',
      showAs: 'busy',
      status: 'confirmed',
      eventType: 'default',
      // The pasted Zoom invitation is stripped (agenda.ts); the notes doc is an attachment and a note-taker signal.
      agenda: { textLength: 43, text: 'Agenda:\n1. Q1 roadmap review\n2. Hiring plan', attachmentCount: 1, hasNoteTaker: true },
      createdMs: utc('2024-10-01T07:30:00.000Z'),
      lastModifiedMs: utc('2024-12-16T10:02:11.512Z'),
      origin: `google:${OWNER}/${SERIES}_20250107T090000Z`,
      kind: 'meeting',
      excludedReason: null,
    });
    const moved = byStart(upserts, '2025-01-15T13:00:00Z');
    expect(moved).toMatchObject({ title: 'Product sync (moved: offsite Tuesday)', selfResponse: 'needs-action', kind: 'meeting', recurrence: weekly });
    expect(moved.attendees).toHaveLength(3);
  });

  it('maps all-day events as wall dates, and all-day instances by their original date', () => {
    const { upserts } = collect('all-day-events');
    const offsite = upserts.find((o) => o.uid === '0b8g1h2i3j4k5l6m7n8o9p0q1r')!;
    expect(offsite).toMatchObject({
      allDay: true,
      startMs: date(2025, 1, 16),
      endMs: date(2025, 1, 18),
      timeZone: null,
      showAs: 'free',
      seriesId: null,
      recurrence: null,
      recurrenceIdMs: null,
      kind: 'all-day',
    });
    const onCall = upserts.filter((o) => o.uid === '6d4f2h0j8l6n4p2r0t8v6x4z2b');
    expect(onCall.map((o) => [o.startMs, o.endMs, o.recurrenceIdMs])).toEqual([
      [date(2025, 1, 6), date(2025, 1, 7), date(2025, 1, 6)],
      [date(2025, 1, 20), date(2025, 1, 21), date(2025, 1, 20)],
    ]);
    expect(onCall[0]).toMatchObject({ selfResponse: 'organizer', kind: 'all-day', recurrence: { cadence: 'biweekly', perWeek: 0.5 } });
  });

  it('excludes a declined meeting and counts an unanswered one', () => {
    const { upserts } = collect('declined-and-unanswered-invitations');
    const [pitch, budget] = upserts;
    expect(pitch).toMatchObject({
      title: 'Vendor pitch: analytics suite',
      startMs: utc('2025-01-13T15:00:00Z'),
      timeZone: 'America/New_York',
      organizer: 'dave@partner.example.org',
      selfResponse: 'declined',
      kind: 'excluded',
      excludedReason: 'declined',
    });
    // No start.timeZone: the calendar's zone.
    expect(budget).toMatchObject({ title: 'Budget review', timeZone: 'Europe/Berlin', selfResponse: 'needs-action', kind: 'meeting' });
  });

  it('maps focus time, out of office and working location events by eventType', () => {
    const { upserts } = collect('status-events');
    const [focus, home, away] = upserts;
    expect(focus).toMatchObject({ eventType: 'focusTime', showAs: 'busy', selfResponse: 'organizer', kind: 'focus' });
    expect(home).toMatchObject({
      eventType: 'workingLocation',
      allDay: true,
      startMs: date(2025, 1, 9),
      showAs: 'free',
      kind: 'excluded',
      excludedReason: 'working-location',
      // One instance says nothing about its series' cadence.
      recurrence: { cadence: 'irregular', perWeek: 0, hasEnd: false, rule: '' },
    });
    expect(away).toMatchObject({
      eventType: 'outOfOffice',
      showAs: 'out-of-office',
      startMs: utc('2025-01-22T23:00:00Z'),
      endMs: utc('2025-01-24T23:00:00Z'),
      kind: 'out-of-office',
    });
  });

  it('redacts private and confidential events but keeps their agenda signals', () => {
    const { upserts } = collect('private-events');
    const [doctor, reorg] = upserts;
    expect(doctor).toMatchObject({ title: 'Private event', isPrivate: true, selfResponse: 'organizer', kind: 'solo' });
    expect(doctor.agenda).toEqual({ textLength: 45, text: '', attachmentCount: 0, hasNoteTaker: false });
    expect(reorg).toMatchObject({ title: 'Private event', isPrivate: true, status: 'tentative', selfResponse: 'tentative', kind: 'meeting' });
    expect(reorg.agenda).toMatchObject({ text: '', attachmentCount: 1 });
    expect(JSON.stringify(upserts)).not.toMatch(/Doctor|referral|Reorg|structure/);
  });

  it('skips an event without a readable start with a warning', () => {
    const broken = { id: 'x1', status: 'confirmed', summary: 'Broken', start: { dateTime: 'next Tuesday' } };
    const out = collectFull([broken], { ownerEmail: OWNER, calendarId: OWNER, zone: 'UTC', ...WINDOW, definitions: DEFAULT_DEFINITIONS });
    expect(out.upserts).toEqual([]);
    expect(out.warnings).toEqual([{ code: 'bad-event', location: `google:${OWNER}/x1`, message: 'Google event skipped: event x1 has no readable start' }]);
  });

  it('reads a dateTime without an offset as a wall time in its zone', () => {
    const o = mapEvent(
      { id: 'f1', status: 'confirmed', start: { dateTime: '2025-07-01T09:00:00', timeZone: 'America/Los_Angeles' }, end: { dateTime: '2025-07-01T10:00:00', timeZone: 'America/Los_Angeles' } },
      { ownerEmail: OWNER, calendarId: OWNER, zone: 'Europe/Berlin', recurrence: null, definitions: DEFAULT_DEFINITIONS },
    );
    expect([o.startMs, o.endMs, o.timeZone]).toEqual([utc('2025-07-01T16:00:00Z'), utc('2025-07-01T17:00:00Z'), 'America/Los_Angeles']);
  });
});
