/**
 * The sync benchmark's organisation as Google Calendar sees it: every person's primary calendar as
 * `events.list(singleEvents=true)` returns it (Schema$Event; instances of a series carry
 * recurringEventId and originalStartTime, cancelled instances only their identity), loaded into the
 * test fake (test/connectors/google/fake-google.ts), and the incremental round's changes (putEvents).
 * Alongside, what the store must hold afterwards, by the connector's documented identity rules
 * (src/connectors/google/README.md): uid = recurringEventId (instances) or id, keyed by original start.
 */
import type { calendar_v3 } from 'googleapis';
import { FakeGoogle } from '../test/connectors/google/fake-google.js';
import { utcToWallMs } from '../src/model/time.js';
import { expectRow, rowKey, type ExpectedStore, type Instance, type Meeting, type PersonChanges, type RowCheck, type SyncOrg } from './sync-org.js';

type Event = calendar_v3.Schema$Event;
type Attendee = calendar_v3.Schema$EventAttendee;

const MEET = 'Join with Google Meet: https://meet.google.com/abc-defg-hij\nOr dial: (US) +1 555-0100 PIN: 123 456 789#\nMore phone numbers: https://tel.meet/abc-defg-hij?pin=123456789';
const AGENDA = 'Agenda:\n1. Status since last time\n2. Decisions needed\n3. Next steps and owners\nNotes: https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit\n\n';

/** "2025-01-06T09:30:00+01:00" in the event's zone. */
function rfc3339(ms: number, zone: string): string {
  const wall = utcToWallMs(ms, zone);
  const off = Math.round((wall - ms) / 60_000);
  const abs = Math.abs(off);
  return `${new Date(wall).toISOString().slice(0, 19)}${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
const isoUtc = (ms: number) => new Date(ms).toISOString();
const dateOf = (wallMs: number) => new Date(wallMs).toISOString().slice(0, 10);
/** Google ids are base32hex (a-v, 0-9). */
const eventId = (n: number) => `${n.toString(32).padStart(7, '0')}k4q2v8j6c1h0m3p5a9e7g`;
const instanceSuffix = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const GOOGLE_RESPONSE = { accepted: 'accepted', tentative: 'tentative', needsAction: 'needsAction', declined: 'declined' } as const;

export class GoogleOrgView {
  constructor(private readonly org: SyncOrg) {}

  private person = (i: number) => this.org.people[i];

  private attendees(m: Meeting, owner: number, response?: string): Attendee[] | undefined {
    if (m.personal) return undefined;
    const list: Attendee[] = m.attendees.map((a, k) => ({
      email: this.person(a).email,
      displayName: this.person(a).name,
      ...(k === 0 ? { organizer: true } : {}),
      ...(a === owner ? { self: true } : {}),
      responseStatus: a === owner && response ? response : GOOGLE_RESPONSE[m.responses[k]],
    }));
    if (m.room) list.push({ email: m.room.replace('@', '@resource.calendar.google.'), displayName: 'Room', resource: true, responseStatus: 'accepted' });
    if (m.external) list.push({ email: m.external, optional: true, responseStatus: 'needsAction' });
    return list;
  }

  /** The fields every copy of the meeting in `owner`'s calendar shares (built once per person and meeting). */
  private shared(m: Meeting, owner: number): Event {
    const organizer = this.person(m.organizer);
    const mine = m.organizer === owner;
    return {
      kind: 'calendar#event',
      status: 'confirmed',
      created: isoUtc(m.createdMs),
      updated: isoUtc(m.updatedMs),
      summary: m.title,
      ...(m.description === 'none' ? {} : { description: m.description === 'agenda' ? AGENDA + MEET : MEET }),
      creator: { email: organizer.email, ...(mine ? { self: true } : {}) },
      organizer: { email: organizer.email, displayName: organizer.name, ...(mine ? { self: true } : {}) },
      ...(m.transparent ? { transparency: 'transparent' } : {}),
      ...(m.private ? { visibility: 'private' } : {}),
      sequence: 0,
      ...(m.description === 'none' ? {} : { hangoutLink: 'https://meet.google.com/abc-defg-hij' }),
      reminders: { useDefault: true },
      eventType: m.eventType,
    };
  }

  private times(m: Meeting, startMs: number, endMs: number): Pick<Event, 'start' | 'end'> {
    if (m.allDay && m.eventType !== 'outOfOffice') return { start: { date: dateOf(m.allDay.startDay) }, end: { date: dateOf(m.allDay.endDay) } };
    return { start: { dateTime: rfc3339(startMs, m.zone), timeZone: m.zone }, end: { dateTime: rfc3339(endMs, m.zone), timeZone: m.zone } };
  }

  private instanceEvent(m: Meeting, base: Event, x: Instance, patch: Partial<Event> = {}): Event {
    const seriesId = eventId(m.n);
    const id = `${seriesId}_${instanceSuffix(x.originalMs)}`;
    if (x.cancelled) {
      return { kind: 'calendar#event', etag: `"${3450000000000000 + m.n}"`, id, status: 'cancelled', recurringEventId: seriesId, originalStartTime: { dateTime: rfc3339(x.originalMs, m.zone), timeZone: m.zone } };
    }
    return {
      ...base,
      etag: `"${3450000000000000 + x.originalMs / 1000}"`,
      id,
      htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
      ...this.times(m, x.startMs, x.endMs),
      recurringEventId: seriesId,
      originalStartTime: { dateTime: rfc3339(x.originalMs, m.zone), timeZone: m.zone },
      iCalUID: `${seriesId}@google.com`,
      ...patch,
    };
  }

  private singleEvent(m: Meeting, base: Event, startMs: number, endMs: number, patch: Partial<Event> = {}): Event {
    const id = eventId(m.n);
    return { ...base, etag: `"${3450000000000000 + m.n}"`, id, htmlLink: `https://www.google.com/calendar/event?eid=${id}`, ...this.times(m, startMs, endMs), iCalUID: `${id}@google.com`, ...patch };
  }

  /** The stored start of an occurrence (all-day: the date's midnight encoded as if UTC). */
  private storedStart(m: Meeting, startMs: number): number {
    return m.allDay && m.eventType !== 'outOfOffice' ? m.allDay.startDay : startMs;
  }

  /** Every event of person `p`'s calendar, and what the store must hold for them. */
  calendar(p: number, expected: ExpectedStore): Event[] {
    const events: Event[] = [];
    const email = this.person(p).email;
    expected.set(email, new Map());
    for (const n of this.org.calendars[p]) {
      const m = this.org.meetings[n];
      const base = { ...this.shared(m, p), attendees: this.attendees(m, p) };
      if (m.kind === 'series') {
        for (const x of m.instances) {
          events.push(this.instanceEvent(m, base, x));
          if (!x.cancelled) expectRow(this.org, expected, email, rowKey(eventId(m.n), x.originalMs), x.startMs);
        }
      } else {
        const x = m.instances[0];
        events.push(this.singleEvent(m, base, x.startMs, x.endMs));
        const start = this.storedStart(m, x.startMs);
        expectRow(this.org, expected, email, rowKey(eventId(m.n), start), start);
      }
    }
    return events;
  }

  /** The incremental round for person `p`: the changed events, the new expected rows, and the rows to check. */
  changes(p: number, c: PersonChanges, expected: ExpectedStore, atMs: number): { events: Event[]; checks: RowCheck[] } {
    const email = this.person(p).email;
    const updated = isoUtc(atMs);
    const events: Event[] = [];
    const checks: RowCheck[] = [];
    const inWindow = (ms: number) => ms >= this.org.fromMs && ms < this.org.toMs;

    const standup = this.org.meetings[c.decline.meeting];
    const declined = standup.instances[c.decline.instance];
    events.push(this.instanceEvent(standup, { ...this.shared(standup, p), attendees: this.attendees(standup, p, 'declined'), updated }, declined));
    checks.push({ email, what: 'decline', key: rowKey(eventId(standup.n), declined.originalMs), startMs: declined.startMs, selfResponse: 'declined' });

    const focus = this.org.meetings[c.move.meeting];
    const moved = focus.instances[c.move.instance];
    events.push(this.instanceEvent(focus, { ...this.shared(focus, p), updated }, { ...moved, startMs: c.move.startMs, endMs: c.move.endMs }));
    expectRow(this.org, expected, email, rowKey(eventId(focus.n), moved.originalMs), c.move.startMs);
    checks.push({ email, what: 'move', key: rowKey(eventId(focus.n), moved.originalMs), startMs: c.move.startMs });

    const lunch = this.org.meetings[c.cancel.meeting];
    const cancelled = lunch.instances[c.cancel.instance];
    events.push(this.instanceEvent(lunch, this.shared(lunch, p), { ...cancelled, cancelled: true }));
    expectRow(this.org, expected, email, rowKey(eventId(lunch.n), cancelled.originalMs), null);
    checks.push({ email, what: 'cancel', key: rowKey(eventId(lunch.n), cancelled.originalMs), absent: true });

    const oneOff = this.org.meetings[c.edit.meeting];
    const before = oneOff.instances[0];
    events.push(this.singleEvent(oneOff, { ...this.shared(oneOff, p), summary: c.edit.title, updated }, c.edit.startMs, c.edit.endMs));
    expectRow(this.org, expected, email, rowKey(eventId(oneOff.n), before.startMs), null);
    expectRow(this.org, expected, email, rowKey(eventId(oneOff.n), c.edit.startMs), c.edit.startMs);
    if (inWindow(c.edit.startMs)) checks.push({ email, what: 'edit', key: rowKey(eventId(oneOff.n), c.edit.startMs), startMs: c.edit.startMs, title: oneOff.private ? 'Private event' : c.edit.title });

    const added = c.add.instances[0];
    events.push(this.singleEvent(c.add, { ...this.shared(c.add, p), updated }, added.startMs, added.endMs));
    expectRow(this.org, expected, email, rowKey(eventId(c.add.n), added.startMs), added.startMs);
    checks.push({ email, what: 'add', key: rowKey(eventId(c.add.n), added.startMs), startMs: added.startMs, title: 'Private event' });
    return { events, checks };
  }
}

/** The fake with every person's calendar; `served` counts the events it holds. */
export async function startGoogleOrgFake(org: SyncOrg, pageSize: number): Promise<{ fake: FakeGoogle; view: GoogleOrgView; expected: ExpectedStore; served: number }> {
  const fake = await new FakeGoogle().start();
  fake.pageSize = pageSize;
  const view = new GoogleOrgView(org);
  const expected: ExpectedStore = new Map();
  let served = 0;
  for (const p of org.people) {
    const events = view.calendar(p.i, expected);
    served += events.length;
    fake.addUser({ email: p.email, timeZone: p.zone, events });
  }
  return { fake, view, expected, served };
}
