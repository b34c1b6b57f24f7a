import type { Attendee, EventStatus, ResponseStatus, ShowAs } from '../../model/occurrence.js';
import type { AgendaSignals } from '../../model/occurrence.js';
import { computeAgenda, measureAgenda } from '../agenda.js';
import { detachString, type IcsComponent, type IcsProperty } from './parse.js';
import { emailOf, parseIcsTime, unescapeText, type IcsTime } from './values.js';

/** What one VEVENT says, decoded once (a series shares it across all its occurrences). */
export interface EventFacts {
  component: IcsComponent;
  uid: string;
  title: string;
  isPrivate: boolean;
  status: EventStatus;
  showAs: ShowAs;
  organizer: string | null;
  attendees: Attendee[];
  agenda: AgendaSignals;
  createdMs: number | null;
  lastModifiedMs: number | null;
  sequence: number;
}

const PARTSTAT: Record<string, ResponseStatus> = {
  ACCEPTED: 'accepted',
  TENTATIVE: 'tentative',
  DECLINED: 'declined',
  'NEEDS-ACTION': 'needs-action',
  DELEGATED: 'declined',
};

const ROLE: Record<string, Attendee['role']> = {
  CHAIR: 'chair',
  'REQ-PARTICIPANT': 'required',
  'OPT-PARTICIPANT': 'optional',
  'NON-PARTICIPANT': 'non-participant',
};

const BUSY_STATUS: Record<string, ShowAs> = {
  BUSY: 'busy',
  FREE: 'free',
  OOF: 'out-of-office',
  TENTATIVE: 'tentative',
  WORKINGELSEWHERE: 'working-elsewhere',
};

/** The properties a VEVENT's facts come from: the first of each, found in one pass. */
interface Picked {
  klass?: IcsProperty;
  status?: IcsProperty;
  busy?: IcsProperty;
  transp?: IcsProperty;
  summary?: IcsProperty;
  description?: IcsProperty;
  organizer?: IcsProperty;
  created?: IcsProperty;
  lastModified?: IcsProperty;
  sequence?: IcsProperty;
  hasAttendee: boolean;
  hasAttach: boolean;
}

function pick(comp: IcsComponent): Picked {
  const r: Picked = { hasAttendee: false, hasAttach: false };
  for (const p of comp.properties) {
    switch (p.name) {
      case 'ATTENDEE':
        r.hasAttendee = true;
        break;
      case 'ATTACH':
        r.hasAttach = true;
        break;
      case 'CLASS':
        r.klass ??= p;
        break;
      case 'STATUS':
        r.status ??= p;
        break;
      case 'X-MICROSOFT-CDO-BUSYSTATUS':
        r.busy ??= p;
        break;
      case 'TRANSP':
        r.transp ??= p;
        break;
      case 'SUMMARY':
        r.summary ??= p;
        break;
      case 'DESCRIPTION':
        r.description ??= p;
        break;
      case 'ORGANIZER':
        r.organizer ??= p;
        break;
      case 'CREATED':
        r.created ??= p;
        break;
      case 'LAST-MODIFIED':
        r.lastModified ??= p;
        break;
      case 'SEQUENCE':
        r.sequence ??= p;
        break;
    }
  }
  return r;
}

/** A master is read once for each of its overrides: pick its properties once. */
const pickedMasters = new WeakMap<IcsComponent, Picked>();

function pickMaster(comp: IcsComponent): Picked {
  let r = pickedMasters.get(comp);
  if (!r) pickedMasters.set(comp, (r = pick(comp)));
  return r;
}

const text = (p: IcsProperty | undefined): string | null => (p ? unescapeText(p.value) : null);

/** "accepted" -> "ACCEPTED", remembered for the few values calendars use. */
const upperValues = new Map<string, string>();

function upper(value: string): string {
  let u = upperValues.get(value);
  if (u === undefined) {
    u = detachString(value.toUpperCase());
    if (upperValues.size < 1024) upperValues.set(detachString(value), u);
  }
  return u;
}

function instant(p: IcsProperty | undefined): number | null {
  if (!p) return null;
  try {
    const t: IcsTime = parseIcsTime(p.value, null);
    // CREATED/LAST-MODIFIED/DTSTAMP must be UTC; a floating value is read as UTC too.
    return t.wallMs;
  } catch {
    return null;
  }
}

function attendeesOf(comp: IcsComponent): Attendee[] {
  const out: Attendee[] = [];
  const seen = new Set<string>();
  for (const p of comp.properties) {
    if (p.name !== 'ATTENDEE') continue;
    const email = emailOf(p.value);
    if (!email || seen.has(email)) continue;
    seen.add(email);
    const cutype = upper(p.params.CUTYPE ?? 'INDIVIDUAL');
    out.push({
      email,
      name: p.params.CN ?? null,
      response: PARTSTAT[upper(p.params.PARTSTAT ?? 'NEEDS-ACTION')] ?? 'unknown',
      role: ROLE[upper(p.params.ROLE ?? 'REQ-PARTICIPANT')] ?? 'required',
      isResource: cutype === 'ROOM' || cutype === 'RESOURCE',
    });
  }
  return out;
}

/**
 * Agenda signals of a DESCRIPTION without attachments, by its text as written: the same
 * description is in every attendee's export and every override, and stripping it is costly.
 */
const agendaByDescription = new Map<string, AgendaSignals>();

function agendaOf(description: IcsProperty | undefined, attachments: string[]): AgendaSignals {
  if (!description || attachments.length > 0) return measureAgenda(text(description), attachments);
  let signals = agendaByDescription.get(description.value);
  if (!signals) {
    // The memo outlives the file: give it a copy, not a slice of its text.
    const raw = detachString(description.value);
    signals = computeAgenda(unescapeText(raw), attachments);
    if (agendaByDescription.size >= 60_000) agendaByDescription.clear();
    agendaByDescription.set(raw, signals);
  }
  return signals;
}

/** What events carry when the caller said it needs no agenda signals (ReadIcsOptions.agenda). */
const NO_AGENDA: AgendaSignals = Object.freeze({ textLength: 0, text: '', attachmentCount: 0, hasNoteTaker: false });

/**
 * Decodes a VEVENT. An override (RECURRENCE-ID) passes its master as `inherit`: properties the
 * override leaves out (many exporters write only what changed) are taken from the master.
 */
export function readEventFacts(
  comp: IcsComponent,
  uid: string,
  method: string | null,
  inherit?: IcsComponent,
  withAgenda = true,
): EventFacts {
  const own = pick(comp);
  const from = inherit ? pickMaster(inherit) : null;
  const klass = upper((text(own.klass ?? from?.klass) ?? 'PUBLIC').trim());
  const isPrivate = klass === 'PRIVATE' || klass === 'CONFIDENTIAL';
  const rawStatus = upper((text(own.status ?? from?.status) ?? '').trim());
  const status: EventStatus =
    rawStatus === 'CANCELLED' || method === 'CANCEL' ? 'cancelled' : rawStatus === 'TENTATIVE' ? 'tentative' : 'confirmed';
  const busyText = text(own.busy ?? from?.busy);
  const busy = busyText === null ? undefined : upper(busyText.trim());
  const transpText = text(own.transp ?? from?.transp);
  const transp = transpText === null ? undefined : upper(transpText.trim());
  const showAs: ShowAs = (busy && BUSY_STATUS[busy]) || (transp === 'TRANSPARENT' ? 'free' : 'busy');
  // Taken whole from the override when it has any, else from the master.
  const organizerProp = own.organizer ?? from?.organizer;
  const attachFrom = own.hasAttach || !inherit ? comp : inherit;
  const attachments = own.hasAttach || from?.hasAttach ? attachFrom.properties.filter((p) => p.name === 'ATTACH').map((p) => p.params.FILENAME ?? p.value) : [];
  return {
    component: comp,
    uid,
    title: isPrivate ? 'Private event' : text(own.summary ?? from?.summary) ?? '',
    isPrivate,
    status,
    showAs,
    organizer: organizerProp ? emailOf(organizerProp.value) : null,
    attendees: attendeesOf(own.hasAttendee || !inherit ? comp : inherit),
    agenda: withAgenda ? agendaOf(own.description ?? from?.description, attachments) : NO_AGENDA,
    createdMs: instant(own.created ?? from?.created),
    // Not DTSTAMP: in an export it is the export time, not when the event was edited.
    lastModifiedMs: instant(own.lastModified ?? from?.lastModified),
    sequence: Number.parseInt(text(own.sequence) ?? '0', 10) || 0,
  };
}

/** The owner's own answer: organizer, their PARTSTAT, or "organizer" for a private hold without guests. */
export function responseOf(facts: EventFacts, ownerEmail: string | null): ResponseStatus {
  if (facts.attendees.length === 0) return 'organizer';
  if (!ownerEmail) return 'unknown';
  if (facts.organizer === ownerEmail) return 'organizer';
  const me = facts.attendees.find((a) => a.email === ownerEmail);
  return me ? me.response : 'unknown';
}
