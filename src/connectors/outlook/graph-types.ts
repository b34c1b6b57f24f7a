/**
 * The parts of Microsoft Graph v1.0 JSON this connector reads, as documented:
 * https://learn.microsoft.com/graph/api/resources/event,
 * https://learn.microsoft.com/graph/api/resources/mailboxsettings. Every field is optional because
 * calendarView/delta leaves most of them out of plain `occurrence` items (they carry only id,
 * seriesMasterId, type, start and end: microsoftgraph/microsoft-graph-docs-contrib#34).
 */

export interface GraphDateTimeTimeZone {
  /** "2025-01-06T09:00:00.0000000": no offset, read it in `timeZone`. */
  dateTime: string;
  timeZone?: string;
}

export interface GraphEmailAddress {
  name?: string | null;
  address?: string | null;
}

export type GraphResponse = 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

export interface GraphAttendee {
  type?: 'required' | 'optional' | 'resource';
  status?: { response?: GraphResponse; time?: string } | null;
  emailAddress?: GraphEmailAddress | null;
}

export interface GraphRecurrencePattern {
  type?: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
  interval?: number;
  daysOfWeek?: string[];
  dayOfMonth?: number;
  month?: number;
  index?: 'first' | 'second' | 'third' | 'fourth' | 'last';
  firstDayOfWeek?: string;
}

export interface GraphRecurrenceRange {
  type?: 'endDate' | 'noEnd' | 'numbered';
  startDate?: string;
  endDate?: string;
  numberOfOccurrences?: number;
  recurrenceTimeZone?: string;
}

export interface GraphEvent {
  id: string;
  '@removed'?: { reason?: string };
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  seriesMasterId?: string | null;
  iCalUId?: string | null;
  subject?: string | null;
  body?: { contentType?: 'text' | 'html'; content?: string | null } | null;
  bodyPreview?: string | null;
  sensitivity?: 'normal' | 'personal' | 'private' | 'confidential';
  showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  isCancelled?: boolean;
  isAllDay?: boolean;
  isOrganizer?: boolean;
  responseStatus?: { response?: GraphResponse; time?: string } | null;
  attendees?: GraphAttendee[];
  organizer?: { emailAddress?: GraphEmailAddress | null } | null;
  hasAttachments?: boolean;
  createdDateTime?: string | null;
  lastModifiedDateTime?: string | null;
  start?: GraphDateTimeTimeZone;
  end?: GraphDateTimeTimeZone;
  /** The instance's start before it was moved (occurrence and exception items), a UTC timestamp. */
  originalStart?: string | null;
  /** A Windows zone name ("Pacific Standard Time") most of the time. */
  originalStartTimeZone?: string | null;
  recurrence?: { pattern?: GraphRecurrencePattern; range?: GraphRecurrenceRange } | null;
}

/** One page of a collection or delta response. */
export interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface GraphWorkingHours {
  daysOfWeek?: string[];
  /** "08:00:00.0000000" in `timeZone`. */
  startTime?: string;
  endTime?: string;
  timeZone?: { name?: string | null } | null;
}

export interface GraphMailboxSettings {
  /** Often a Windows name ("W. Europe Standard Time"). */
  timeZone?: string | null;
  workingHours?: GraphWorkingHours | null;
}
