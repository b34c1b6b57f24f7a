import type { Attendee, EventStatus, ResponseStatus, ShowAs } from '../../model/occurrence.js';
import type { AgendaSignals } from '../../model/occurrence.js';
import { measureAgenda } from '../agenda.js';
import { firstProperty, type IcsComponent, type IcsProperty } from './parse.js';
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

function text(comp: IcsComponent, name: string, fallback?: IcsComponent): string | null {
  const p = firstProperty(comp, name) ?? (fallback ? firstProperty(fallback, name) : undefined);
  return p ? unescapeText(p.value) : null;
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
    const cutype = (p.params.CUTYPE ?? 'INDIVIDUAL').toUpperCase();
    out.push({
      email,
      name: p.params.CN ?? null,
      response: PARTSTAT[(p.params.PARTSTAT ?? 'NEEDS-ACTION').toUpperCase()] ?? 'unknown',
      role: ROLE[(p.params.ROLE ?? 'REQ-PARTICIPANT').toUpperCase()] ?? 'required',
      isResource: cutype === 'ROOM' || cutype === 'RESOURCE',
    });
  }
  return out;
}

/**
 * Decodes a VEVENT. An override (RECURRENCE-ID) passes its master as `inherit`: properties the
 * override leaves out (many exporters write only what changed) are taken from the master.
 */
export function readEventFacts(comp: IcsComponent, uid: string, method: string | null, inherit?: IcsComponent): EventFacts {
  const klass = (text(comp, 'CLASS', inherit) ?? 'PUBLIC').trim().toUpperCase();
  const isPrivate = klass === 'PRIVATE' || klass === 'CONFIDENTIAL';
  const rawStatus = (text(comp, 'STATUS', inherit) ?? '').trim().toUpperCase();
  const status: EventStatus =
    rawStatus === 'CANCELLED' || method === 'CANCEL' ? 'cancelled' : rawStatus === 'TENTATIVE' ? 'tentative' : 'confirmed';
  const busy = text(comp, 'X-MICROSOFT-CDO-BUSYSTATUS', inherit)?.trim().toUpperCase();
  const transp = text(comp, 'TRANSP', inherit)?.trim().toUpperCase();
  const showAs: ShowAs = (busy && BUSY_STATUS[busy]) || (transp === 'TRANSPARENT' ? 'free' : 'busy');
  const hasOwn = (name: string) => comp.properties.some((p) => p.name === name);
  const source = (name: string) => (hasOwn(name) || !inherit ? comp : inherit);
  const organizerProp = firstProperty(source('ORGANIZER'), 'ORGANIZER');
  const attachments = source('ATTACH')
    .properties.filter((p) => p.name === 'ATTACH')
    .map((p) => p.params.FILENAME ?? p.value);
  return {
    component: comp,
    uid,
    title: isPrivate ? 'Private event' : text(comp, 'SUMMARY', inherit) ?? '',
    isPrivate,
    status,
    showAs,
    organizer: organizerProp ? emailOf(organizerProp.value) : null,
    attendees: attendeesOf(source('ATTENDEE')),
    agenda: measureAgenda(text(comp, 'DESCRIPTION', inherit), attachments),
    createdMs: instant(firstProperty(source('CREATED'), 'CREATED')),
    // Not DTSTAMP: in an export it is the export time, not when the event was edited.
    lastModifiedMs: instant(firstProperty(source('LAST-MODIFIED'), 'LAST-MODIFIED')),
    sequence: Number.parseInt(text(comp, 'SEQUENCE') ?? '0', 10) || 0,
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
