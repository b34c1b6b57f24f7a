import type { calendar_v3 } from 'googleapis';
import { classifyOccurrence } from '../../model/classify.js';
import type { Definitions } from '../../model/definitions.js';
import type { Attendee, EventStatus, EventType, Occurrence, Recurrence, ResponseStatus, ShowAs } from '../../model/occurrence.js';
import { measureAgenda } from '../agenda.js';
import { readEventTime, readInstant } from './event-time.js';

export type GoogleEvent = calendar_v3.Schema$Event;

export interface MapContext {
  /** The calendar owner (lower-case): the person whose answer is `selfResponse`. */
  ownerEmail: string;
  /** Occurrence.calendarId: the calendar's real id (a primary calendar's id is its owner's email). */
  calendarId: string;
  /** Zone for times that carry none: the calendar's zone, else the person's. */
  zone: string;
  /** The series' recurrence for instances (derived by the caller), null for one-off events. */
  recurrence: Recurrence | null;
  definitions: Definitions;
}

/**
 * How the store knows an item: uid = the series id for instances (recurringEventId), the event's own
 * id otherwise; an instance is its original start (originalStartTime), which a moved instance keeps,
 * so an update or a cancellation lands on the same row. Null when the item has no id.
 */
export interface EventIdentity {
  uid: string;
  seriesId: string | null;
  /** originalStartTime (same encoding as Occurrence.startMs) for instances; null for one-off events. */
  instanceStartMs: number | null;
}

export function identityOf(ev: GoogleEvent, zone: string): EventIdentity | null {
  if (!ev.id) return null;
  if (!ev.recurringEventId) return { uid: ev.id, seriesId: null, instanceStartMs: null };
  const original = readEventTime(ev.originalStartTime, zone);
  return { uid: ev.recurringEventId, seriesId: ev.recurringEventId, instanceStartMs: original ? original.ms : null };
}

const RESPONSE: Record<string, ResponseStatus> = {
  accepted: 'accepted',
  tentative: 'tentative',
  declined: 'declined',
  needsAction: 'needs-action',
};

const EVENT_TYPES = new Set<EventType>(['default', 'focusTime', 'outOfOffice', 'workingLocation']);

/**
 * Maps one Google event (a singleEvents instance or a one-off) to an occurrence, classified.
 * Pure. Throws RangeError when the event has no id or no readable start.
 */
export function mapEvent(ev: GoogleEvent, ctx: MapContext): Occurrence {
  const id = identityOf(ev, ctx.zone);
  if (!id) throw new RangeError('event without an id');
  const start = readEventTime(ev.start, ctx.zone);
  if (!start) throw new RangeError(`event ${ev.id} has no readable start`);
  const end = readEventTime(ev.end, ctx.zone);
  const endMs = end && end.ms >= start.ms ? end.ms : start.allDay ? start.ms + 86_400_000 : start.ms;
  const isPrivate = ev.visibility === 'private' || ev.visibility === 'confidential';
  const attendees = attendeesOf(ev.attendees);
  const eventType: EventType = EVENT_TYPES.has(ev.eventType as EventType) ? (ev.eventType as EventType) : 'default';
  const attachmentNames = (ev.attachments ?? []).map((a) => a.title ?? a.fileUrl ?? '').filter((n) => n !== '');
  const agenda = measureAgenda(ev.description ?? null, attachmentNames);
  const o: Omit<Occurrence, 'kind' | 'excludedReason'> = {
    source: 'google',
    calendarId: ctx.calendarId,
    ownerEmail: ctx.ownerEmail,
    uid: id.uid,
    seriesId: id.seriesId,
    recurrence: id.seriesId ? ctx.recurrence : null,
    recurrenceIdMs: id.instanceStartMs,
    startMs: start.ms,
    endMs,
    allDay: start.allDay,
    floating: false,
    timeZone: start.timeZone,
    title: isPrivate ? 'Private event' : ev.summary ?? '',
    isPrivate,
    organizer: ev.organizer?.email ? ev.organizer.email.toLowerCase() : null,
    attendees,
    selfResponse: selfResponseOf(ev, attendees, ctx.ownerEmail),
    showAs: showAsOf(ev, eventType),
    status: statusOf(ev.status),
    eventType,
    // Private: keep the signals (length, attachments), never the text.
    agenda: isPrivate ? { ...agenda, text: '' } : agenda,
    createdMs: readInstant(ev.created),
    lastModifiedMs: readInstant(ev.updated),
    origin: `google:${ctx.ownerEmail}/${ev.id}`,
  };
  return { ...o, ...classifyOccurrence(o, ctx.definitions) };
}

function attendeesOf(list: calendar_v3.Schema$EventAttendee[] | undefined): Attendee[] {
  const out: Attendee[] = [];
  const seen = new Set<string>();
  for (const a of list ?? []) {
    const email = a.email?.trim().toLowerCase();
    if (!email || seen.has(email)) continue;
    seen.add(email);
    out.push({
      email,
      name: a.displayName ?? null,
      response: RESPONSE[a.responseStatus ?? ''] ?? 'unknown',
      role: a.organizer ? 'chair' : a.optional ? 'optional' : 'required',
      isResource: a.resource === true,
    });
  }
  return out;
}

/** The owner's answer: their attendee entry (`self`, else by email); "organizer" for their own event without guests. */
function selfResponseOf(ev: GoogleEvent, attendees: Attendee[], ownerEmail: string): ResponseStatus {
  const selfEntry = ev.attendees?.find((a) => a.self)?.email?.toLowerCase() ?? ownerEmail;
  const me = attendees.find((a) => a.email === selfEntry);
  if (me) return me.response;
  if (attendees.length === 0) return 'organizer';
  const organizer = ev.organizer?.email?.toLowerCase();
  return ev.organizer?.self || organizer === ownerEmail ? 'organizer' : 'unknown';
}

function showAsOf(ev: GoogleEvent, eventType: EventType): ShowAs {
  if (eventType === 'outOfOffice') return 'out-of-office';
  return ev.transparency === 'transparent' ? 'free' : 'busy';
}

function statusOf(status: string | null | undefined): EventStatus {
  return status === 'cancelled' ? 'cancelled' : status === 'tentative' ? 'tentative' : 'confirmed';
}
