/** Where an occurrence was read from. */
export type Source = 'ics' | 'google' | 'outlook';

/** A participant's answer to an invitation, normalized across iCalendar PARTSTAT, Google and Graph. */
export type ResponseStatus = 'accepted' | 'tentative' | 'declined' | 'needs-action' | 'organizer' | 'unknown';

/** How the event shows on the owner's free/busy. */
export type ShowAs = 'busy' | 'tentative' | 'free' | 'out-of-office' | 'working-elsewhere';

export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

/** Provider event types (Google `eventType`); iCalendar events are always 'default'. */
export type EventType = 'default' | 'focusTime' | 'outOfOffice' | 'workingLocation';

/**
 * What an occurrence is for the audit, decided by `classifyOccurrence` from the definitions:
 * - meeting: counts toward meeting load;
 * - focus: a focus block the person booked (counts as focus time, not as a meeting);
 * - out-of-office: removes its time (or whole days) from the working-time base;
 * - solo: a timed hold with nobody else (not a meeting, but it is busy time);
 * - all-day: an all-day or multi-day item that is not out-of-office;
 * - excluded: not counted (cancelled, declined, free, too long, ...), with `excludedReason`.
 */
export type OccurrenceKind = 'meeting' | 'focus' | 'out-of-office' | 'solo' | 'all-day' | 'excluded';

export type Cadence = 'daily' | 'weekly' | 'biweekly' | 'monthly' | 'yearly' | 'irregular';

export interface Attendee {
  email: string; // lower-case, without "mailto:"
  name: string | null;
  response: ResponseStatus;
  role: 'chair' | 'required' | 'optional' | 'non-participant';
  isResource: boolean; // rooms and equipment (CUTYPE=ROOM/RESOURCE, Google resource, Graph type resource)
}

export interface Recurrence {
  cadence: Cadence;
  /** Occurrences per week implied by the rule (5 for a weekday daily stand-up, 0.5 for biweekly). */
  perWeek: number;
  /** The rule ends (COUNT or UNTIL) rather than running forever. */
  hasEnd: boolean;
  /** The rule as written (RRULE text), for evidence. */
  rule: string;
}

export interface AgendaSignals {
  /** Length of the description after stripping conference-link boilerplate. */
  textLength: number;
  /** The stripped description text (never returned for private events). */
  text: string;
  attachmentCount: number;
  /** A named note-taker or an attached notes document was found. */
  hasNoteTaker: boolean;
}

/**
 * One concrete occurrence of an event on one person's calendar. Times are epoch milliseconds:
 * UTC instants for timed events; for all-day and floating events they hold the wall-clock value
 * as if it were UTC, with `allDay` / `floating` telling which.
 */
export interface Occurrence {
  source: Source;
  /** The calendar this came from: a file path for .ics, a calendar id for providers. */
  calendarId: string;
  /** The calendar owner's email when known. */
  ownerEmail: string | null;
  uid: string;
  /** Identifies the series for recurring events (the UID / recurringEventId / seriesMasterId), else null. */
  seriesId: string | null;
  recurrence: Recurrence | null;
  /** The original start of this instance in a series (RECURRENCE-ID), same encoding as startMs. */
  recurrenceIdMs: number | null;
  startMs: number;
  endMs: number;
  allDay: boolean;
  floating: boolean;
  /** The IANA zone the event was written in, when known (TZID, start.timeZone, ...). */
  timeZone: string | null;
  /** Title; "Private event" when the event is private or confidential. */
  title: string;
  isPrivate: boolean;
  organizer: string | null;
  attendees: Attendee[];
  /** The owner's own response to this occurrence. */
  selfResponse: ResponseStatus;
  showAs: ShowAs;
  status: EventStatus;
  eventType: EventType;
  agenda: AgendaSignals;
  createdMs: number | null;
  lastModifiedMs: number | null;
  /** Where it was read from, for evidence and error messages ("file.ics:120"). */
  origin: string;
  kind: OccurrenceKind;
  excludedReason: string | null;
}

export const durationMin = (o: Pick<Occurrence, 'startMs' | 'endMs'>): number => (o.endMs - o.startMs) / 60_000;

/** Everyone taking part: attendees who are not resources or non-participants, plus the organizer. */
export function countParticipants(o: Pick<Occurrence, 'attendees' | 'organizer'>): number {
  const { attendees, organizer } = o;
  // Counted for every meeting copy: short lists are searched in place rather than put in a Set.
  if (attendees.length > 32) {
    const people = new Set<string>();
    for (const a of attendees) if (takesPart(a)) people.add(a.email);
    if (organizer) people.add(organizer);
    return people.size;
  }
  let count = 0;
  let organizerCounted = false;
  for (let i = 0; i < attendees.length; i++) {
    const a = attendees[i];
    if (!takesPart(a) || seenBefore(attendees, i)) continue;
    count++;
    if (a.email === organizer) organizerCounted = true;
  }
  return organizer && !organizerCounted ? count + 1 : count;
}

const takesPart = (a: Attendee): boolean => !a.isResource && a.role !== 'non-participant';

/** Whether a participant before `i` has the same email. */
function seenBefore(attendees: Attendee[], i: number): boolean {
  const email = attendees[i].email;
  for (let j = 0; j < i; j++) if (attendees[j].email === email && takesPart(attendees[j])) return true;
  return false;
}

/**
 * The same event on two of one person's calendars counts once (the first of each uid and start).
 * `sorted` must be in start, then uid order, so the copies of an event are next to each other; events
 * without a uid are all kept. Filters in place and returns the array.
 */
export function dropRepeatedEvents<T extends Pick<Occurrence, 'uid' | 'startMs'>>(sorted: T[]): T[] {
  let lastUid = '';
  let lastStart = NaN;
  let n = 0;
  for (const o of sorted) {
    if (o.uid) {
      if (o.uid === lastUid && o.startMs === lastStart) continue;
      lastUid = o.uid;
      lastStart = o.startMs;
    }
    sorted[n++] = o;
  }
  sorted.length = n;
  return sorted;
}
