import type { AgendaSignals } from '../model/occurrence.js';

/**
 * Conference-invite boilerplate that says nothing about what a meeting is for. A description made
 * only of these is no agenda. Each pattern removes whole lines.
 */
const BOILERPLATE_LINES: RegExp[] = [
  /^[-_=~:*.\s]{8,}$/, // separators: Google's "-::~:~::~:~::-", Teams' "______"
  /https?:\/\/\S*(zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|gotomeeting\.com|whereby\.com|chime\.aws|bluejeans\.com|aka\.ms)\S*/i,
  /^\s*(join|click here to join|join with google meet|join zoom meeting|join microsoft teams meeting|join the meeting now|join on your computer|join by phone|join with a video conferencing device|join by video system|or call in|or dial|dial[- ]in|dial by your location|one tap mobile|find your local number|meeting id|meeting password|passcode|password|pin|phone conference id|conference id|video conference id|tenant key|more phone numbers|learn more about|meeting options|need help\?|for organizers|microsoft teams( meeting)?|google meet|zoom meeting|webex meeting|invitation from google calendar|you are receiving this|forwarding this invitation|learn more|reply for|view all guest info|this event has a video call|please do not edit this section|\.\.\.)\b.*$/i,
  /^\s*[+(]?\d[\d\s().,#*-]{6,}\s*(#|[A-Za-z ,()]*)$/, // phone numbers and PIN lines
  /^\s*https?:\/\/\S+\s*$/, // a bare link on its own line carries no agenda
  /^\s*<\/?[a-z][^>]*>\s*$/i, // leftover HTML tags
];

const NOTE_TAKER = /\b(note[- ]?taker|scribe|minute[- ]?taker|notes? by)\s*[:=-]/i;
const NOTES_DOC = /\b(meeting notes|notes doc|minutes)\b/i;

/** Strips HTML tags and entities some exporters put in DESCRIPTION (Outlook, Teams). */
function stripHtml(text: string): string {
  if (!/<[a-z!/][^>]*>/i.test(text)) return text;
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** The description with conference-link boilerplate removed, trimmed. */
export function stripConferenceBoilerplate(description: string): string {
  const kept: string[] = [];
  for (const raw of stripHtml(description).split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (BOILERPLATE_LINES.some((re) => re.test(line))) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

const memo = new Map<string, AgendaSignals>();

/** Agenda signals for a description and its attachments (names or URLs), remembered per description. */
export function measureAgenda(description: string | null, attachments: string[]): AgendaSignals {
  const key = attachments.length === 0 ? description ?? '' : null;
  if (key !== null) {
    const hit = memo.get(key);
    if (hit) return hit;
  }
  const signals = computeAgenda(description, attachments);
  if (key !== null) {
    if (memo.size > 50_000) memo.clear();
    memo.set(key, signals);
  }
  return signals;
}

/** measureAgenda without its memo, for a caller that keeps its own (the .ics reader's, by the text as written). */
export function computeAgenda(description: string | null, attachments: string[]): AgendaSignals {
  const text = description ? stripConferenceBoilerplate(description) : '';
  return {
    textLength: text.length,
    text,
    attachmentCount: attachments.length,
    hasNoteTaker: NOTE_TAKER.test(text) || attachments.some((a) => NOTES_DOC.test(a)),
  };
}
