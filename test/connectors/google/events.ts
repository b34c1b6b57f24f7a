/** Builders for Google event JSON in the documented Schema$Event shape (singleEvents instances and one-offs). */
import type { calendar_v3 } from 'googleapis';

type Event = calendar_v3.Schema$Event;

export const OWNER = 'alice@example.com';
export const BOB = 'bob@example.com';
export const ZONE = 'Europe/Berlin';

/** "2025-01-06T10:00:00+01:00" -> "20250106T090000Z", the suffix Google gives instance ids. */
const idSuffix = (dateTime: string): string =>
  new Date(dateTime).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

const plusMinutes = (dateTime: string, minutes: number): string => {
  const ms = Date.parse(dateTime) + minutes * 60_000;
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(dateTime)![1];
  const offMin = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  return `${new Date(ms + offMin * 60_000).toISOString().slice(0, 19)}${offset}`;
};

export interface EventOptions {
  summary?: string;
  durationMin?: number;
  attendees?: calendar_v3.Schema$EventAttendee[];
  description?: string;
  updated?: string;
  /** Moved instance: the start it has now (originalStartTime stays). */
  movedTo?: string;
  extra?: Partial<Event>;
}

const defaultAttendees = (): calendar_v3.Schema$EventAttendee[] => [
  { email: OWNER, self: true, organizer: true, responseStatus: 'accepted' },
  { email: BOB, displayName: 'Bob', responseStatus: 'accepted' },
];

function body(id: string, start: string, o: EventOptions): Event {
  const begin = o.movedTo ?? start;
  return {
    kind: 'calendar#event',
    etag: `"${id.length}${Date.parse(begin)}"`,
    id,
    status: 'confirmed',
    htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
    created: '2024-11-04T08:00:00.000Z',
    updated: o.updated ?? '2024-12-01T08:00:00.000Z',
    summary: o.summary ?? 'Weekly sync',
    description: o.description,
    creator: { email: OWNER, self: true },
    organizer: { email: OWNER, self: true },
    start: { dateTime: begin, timeZone: ZONE },
    end: { dateTime: plusMinutes(begin, o.durationMin ?? 30), timeZone: ZONE },
    iCalUID: `${id}@google.com`,
    sequence: 0,
    attendees: o.attendees ?? defaultAttendees(),
    reminders: { useDefault: true },
    eventType: 'default',
    ...o.extra,
  };
}

export const oneOff = (id: string, start: string, o: EventOptions = {}): Event => body(id, start, o);

/** A singleEvents instance of series `seriesId` whose original start is `start`. */
export function instance(seriesId: string, start: string, o: EventOptions = {}): Event {
  const ev = body(`${seriesId}_${idSuffix(start)}`, start, o);
  return { ...ev, recurringEventId: seriesId, originalStartTime: { dateTime: start, timeZone: ZONE }, iCalUID: `${seriesId}@google.com` };
}

/** A cancelled instance: only id, status, recurringEventId and originalStartTime are guaranteed. */
export const cancelledInstance = (seriesId: string, start: string): Event => ({
  kind: 'calendar#event',
  etag: '"3459000000000000"',
  id: `${seriesId}_${idSuffix(start)}`,
  status: 'cancelled',
  recurringEventId: seriesId,
  originalStartTime: { dateTime: start, timeZone: ZONE },
});

/** A deleted one-off event as an incremental sync returns it. */
export const cancelledOneOff = (id: string): Event => ({ kind: 'calendar#event', etag: '"3459000000000001"', id, status: 'cancelled' });

/** Starts of a weekly series: `count` weeks from `first` ("2025-01-06T10:00:00+01:00"). */
export function weekly(first: string, count: number, stepDays = 7): string[] {
  return Array.from({ length: count }, (_, i) => plusMinutes(first, i * stepDays * 24 * 60));
}

/** Weekday starts (Mon-Fri) for `weeks` weeks from a Monday. */
export function weekdays(firstMonday: string, weeks: number): string[] {
  return weekly(firstMonday, weeks * 7, 1).filter((_, i) => i % 7 < 5);
}
