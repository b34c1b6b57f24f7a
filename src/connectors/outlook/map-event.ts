import { classifyOccurrence } from '../../model/classify.js';
import type { Definitions } from '../../model/definitions.js';
import type { Attendee, Occurrence, ResponseStatus, ShowAs } from '../../model/occurrence.js';
import { measureAgenda } from '../agenda.js';
import { ianaNameFor } from '../time-zone-names.js';
import { instantOf, parseGraphTimestamp, wallDateOf } from './graph-time.js';
import type { GraphAttendee, GraphEvent, GraphResponse } from './graph-types.js';
import { recurrenceOfPattern } from './recurrence.js';

export interface MapEventContext {
  /** The mailbox owner, lower-case. */
  ownerEmail: string;
  /** The owner's IANA zone (all-day values that are not midnight are read in it). */
  timeZone: string;
  definitions: Definitions;
  /** The series master of an occurrence or exception, when it could be read. */
  master?: GraphEvent | null;
}

const RESPONSE: Record<GraphResponse, ResponseStatus> = {
  none: 'needs-action',
  notResponded: 'needs-action',
  organizer: 'organizer',
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
};

const SHOW_AS: Record<string, ShowAs> = {
  free: 'free',
  tentative: 'tentative',
  busy: 'busy',
  oof: 'out-of-office',
  workingElsewhere: 'working-elsewhere',
};

/** Series-level fields an instance takes from its master when calendarView/delta leaves them out. */
const INHERITED = [
  'subject', 'body', 'bodyPreview', 'sensitivity', 'showAs', 'isCancelled', 'isAllDay', 'isOrganizer', 'responseStatus',
  'attendees', 'organizer', 'hasAttachments', 'createdDateTime', 'lastModifiedDateTime', 'originalStartTimeZone',
] as const satisfies readonly (keyof GraphEvent)[];

/** The instance with every series-level field it lacks taken from its master. */
export function withMasterFields(event: GraphEvent, master: GraphEvent | null | undefined): GraphEvent {
  if (!master) return event;
  const merged: GraphEvent = { ...event };
  const target = merged as unknown as Record<string, unknown>;
  for (const key of INHERITED) {
    if (merged[key] === undefined && master[key] !== undefined) target[key] = master[key];
  }
  return merged;
}

const emailOf = (address: string | null | undefined): string | null => (address ? address.trim().toLowerCase() || null : null);

function attendeesOf(list: GraphAttendee[] | undefined): Attendee[] {
  const out: Attendee[] = [];
  const seen = new Set<string>();
  for (const a of list ?? []) {
    const email = emailOf(a.emailAddress?.address);
    if (!email || seen.has(email)) continue;
    seen.add(email);
    const isResource = a.type === 'resource';
    out.push({
      email,
      name: a.emailAddress?.name || null,
      response: RESPONSE[a.status?.response ?? 'none'] ?? 'unknown',
      // Outlook's own .ics export writes rooms as CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT.
      role: isResource ? 'non-participant' : a.type === 'optional' ? 'optional' : 'required',
      isResource,
    });
  }
  return out;
}

function selfResponseOf(e: GraphEvent, attendees: Attendee[], owner: string, organizer: string | null): ResponseStatus {
  const answer = e.responseStatus?.response;
  if (answer === 'organizer' || e.isOrganizer === true || (organizer !== null && organizer === owner)) return 'organizer';
  // An item the owner made without guests says "none" (a hold, an all-day reminder).
  if ((answer === 'none' || answer === undefined) && attendees.length === 0) return 'organizer';
  if (answer) return RESPONSE[answer] ?? 'unknown';
  return attendees.find((a) => a.email === owner)?.response ?? 'unknown';
}

/**
 * One calendarView instance (singleInstance, occurrence or exception) as a classified Occurrence.
 * Pure: the caller passes the series master for recurring instances. Throws a RangeError when the
 * item has no readable start or end.
 */
export function mapGraphEvent(event: GraphEvent, ctx: MapEventContext): Occurrence {
  const master = ctx.master ?? null;
  const e = withMasterFields(event, master);
  if (!e.start || !e.end) throw new RangeError(`event ${e.id} has no start or end`);
  const allDay = e.isAllDay === true;
  const timeZone = e.originalStartTimeZone ? ianaNameFor(e.originalStartTimeZone) : null;
  const zone = timeZone ?? ctx.timeZone;
  const startMs = allDay ? wallDateOf(e.start, zone) : instantOf(e.start);
  const endMs = allDay ? wallDateOf(e.end, zone) : instantOf(e.end);
  const original = parseGraphTimestamp(e.originalStart);
  const recurring = Boolean(e.seriesMasterId) || e.type === 'occurrence' || e.type === 'exception';
  let recurrenceIdMs: number | null = null;
  if (original !== null) recurrenceIdMs = allDay ? wallDateOf({ dateTime: e.originalStart!, timeZone: 'UTC' }, zone) : original;
  else if (e.type === 'occurrence') recurrenceIdMs = startMs; // an unmoved occurrence starts at its original time
  const isPrivate = e.sensitivity === 'private' || e.sensitivity === 'confidential';
  const organizer = emailOf(e.organizer?.emailAddress?.address);
  const attendees = attendeesOf(e.attendees);
  const description = isPrivate ? null : e.body?.content ?? e.bodyPreview ?? null;
  const base: Omit<Occurrence, 'kind' | 'excludedReason'> = {
    source: 'outlook',
    calendarId: 'primary',
    ownerEmail: ctx.ownerEmail,
    uid: e.id,
    // The master's iCalUId is the meeting's global id, the same in every invitee's mailbox;
    // seriesMasterId is an item id local to this mailbox.
    seriesId: recurring ? master?.iCalUId || e.seriesMasterId || null : null,
    recurrence: recurring && master?.recurrence?.pattern ? recurrenceOfPattern(master.recurrence.pattern, master.recurrence.range) : null,
    recurrenceIdMs: recurring ? recurrenceIdMs : null,
    startMs,
    endMs: Math.max(endMs, startMs),
    allDay,
    floating: false,
    timeZone,
    title: isPrivate ? 'Private event' : e.subject ?? '',
    isPrivate,
    organizer,
    attendees,
    selfResponse: selfResponseOf(e, attendees, ctx.ownerEmail, organizer),
    showAs: SHOW_AS[e.showAs ?? 'busy'] ?? 'busy',
    status: e.isCancelled ? 'cancelled' : 'confirmed',
    eventType: 'default',
    // Attachment names would cost a request per event; hasAttachments says there is at least one.
    agenda: measureAgenda(description, e.hasAttachments ? ['attachment'] : []),
    createdMs: parseGraphTimestamp(e.createdDateTime),
    lastModifiedMs: parseGraphTimestamp(e.lastModifiedDateTime),
    origin: `outlook:${ctx.ownerEmail}/${e.id}`,
  };
  return { ...base, ...classifyOccurrence(base, ctx.definitions) };
}
