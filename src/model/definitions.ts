/**
 * The documented, versioned definitions behind every number. Bump DEFINITIONS_VERSION whenever a
 * default below or the meaning of a metric changes: frozen baselines record the version they used.
 */
export const DEFINITIONS_VERSION = '2026.11.1';

export interface MeetingDefinition {
  /** Fewest participants (attendees who are people, plus the organizer) for an event to be a meeting. */
  minParticipants: number;
  /** Events this long or longer are not meetings (they are holds, trips, offsites). */
  maxDurationMin: number;
  /** Count occurrences the person answered "tentative". */
  countTentative: boolean;
  /** Count occurrences the person has not answered. */
  countUnanswered: boolean;
  /** Count events shown as free (TRANSP:TRANSPARENT, showAs free). */
  countFree: boolean;
  /** Title patterns (case-insensitive regular expressions) never counted: lunch, commute, ... */
  ignoreTitlePatterns: string[];
}

export interface Definitions {
  version: string;
  meeting: MeetingDefinition;
  /** Title patterns that mark a focus block the person booked (case-insensitive regular expressions). */
  focusTitlePatterns: string[];
  /** Title patterns that mark out-of-office time. */
  outOfOfficeTitlePatterns: string[];
  /** A free block inside working hours at least this long is focus time; shorter ones are fragmented. */
  focusBlockMin: number;
  /** Minutes of refocus cost charged for each meeting that interrupts a free block. */
  refocusTaxMin: number;
  /** Meetings with more attendees than this are large. */
  largeMeetingAttendees: number;
  /** Meetings longer than this are long. */
  longMeetingMin: number;
  /** A day with more meeting hours than this is meeting-heavy. */
  meetingHeavyDayHours: number;
  /** Meetings that start no more than this many minutes after the previous one ends are back-to-back. */
  backToBackGapMin: number;
  /** A meeting created less than this many hours before it starts is short-notice. */
  shortNoticeHours: number;
  /** Default hourly cost of one attendee-hour, when the roster gives none (null: no money figures). */
  hourlyRate: number | null;
  currency: string;
}

export const DEFAULT_DEFINITIONS: Definitions = {
  version: DEFINITIONS_VERSION,
  meeting: {
    minParticipants: 2,
    maxDurationMin: 12 * 60,
    countTentative: true,
    countUnanswered: true,
    countFree: false,
    ignoreTitlePatterns: [],
  },
  focusTitlePatterns: ['\\bfocus\\b', '\\bdeep work\\b', '\\bheads[- ]down\\b', '\\bno meetings?\\b', '\\bmaker time\\b'],
  outOfOfficeTitlePatterns: [
    '\\bout of (the )?office\\b',
    '\\booo\\b',
    '\\bvacation\\b',
    '\\bholiday\\b',
    '\\bpto\\b',
    '\\bsick\\b',
    '\\b(annual|parental|sick|medical) leave\\b',
    '\\bpublic holiday\\b',
  ],
  focusBlockMin: 120,
  refocusTaxMin: 23,
  largeMeetingAttendees: 8,
  longMeetingMin: 60,
  meetingHeavyDayHours: 4,
  backToBackGapMin: 5,
  shortNoticeHours: 24,
  hourlyRate: null,
  currency: 'USD',
};

/** JSON with object keys sorted, so equal definitions always give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The version to record with figures: DEFINITIONS_VERSION when the definitions are the documented
 * defaults, else that version plus a fingerprint of the overrides ("2026.11.1+custom.1a2b3c4d"), so a
 * baseline frozen under other thresholds is told apart from one frozen under the defaults.
 */
export function definitionsVersionOf(definitions: Definitions): string {
  const text = canonicalJson({ ...definitions, version: undefined });
  if (text === canonicalJson({ ...DEFAULT_DEFINITIONS, version: undefined })) return definitions.version;
  let hash = 0x811c9dc5; // FNV-1a, 32 bit: a label, not a security measure
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${definitions.version}+custom.${hash.toString(16).padStart(8, '0')}`;
}
