/**
 * A deterministic synthetic organisation: N people x W weeks, one .ics export per person plus a roster.
 *
 * Every meeting is generated once and written (same UID) into the file of every internal attendee, in that
 * file's style: Google (IANA TZIDs, X-WR-TIMEZONE, one-offs in UTC) or Outlook/Exchange (Windows TZIDs,
 * X-MICROSOFT-CDO-*, HTML X-ALT-DESC). Output is streamed: each file is a buffer flushed every 64 KB.
 * The generator also counts the occurrences each file should expand to in the window (its ground truth).
 */
import { appendFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump whenever the output changes: run.ts reuses an input folder whose manifest has the same version. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 20250106;
const START_UTC = Date.UTC(2025, 0, 6); // a Monday: day 0 of week 0
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
const CRLF = '\r\n';

export interface OrgManifest {
  generatorVersion: number;
  seed: number;
  people: number;
  weeks: number;
  /** The window every tool is asked about: [from, to), dates at 00:00 UTC. No event falls outside it. */
  from: string;
  to: string;
  files: number;
  bytes: number;
  vevents: number;
  /** Occurrences a correct expander finds in the window, summed over files (cancelled and EXDATEd excluded). */
  expectedOccurrences: number;
  /**
   * Override VEVENTs summed over files. Expanding every VEVENT on its own (the naive way) finds
   * expectedOccurrences + cancelled: the master still yields each overridden instant at its original time,
   * and an override's own iterator (RECURRENCE-ID, no RRULE) yields nothing.
   */
  overrides: { moved: number; cancelled: number };
  spotCheck: { file: string; uid: string; summary: string; expectedOccurrences: number };
  generateSeconds: number;
}

// ---------------------------------------------------------------------------------------------- time zones

interface Observance {
  name: string;
  from: string;
  to: string;
  time: string; // local wall time of the transition, HHMMSS
  date1970?: string; // first transition on or after 1970-01-01 (Google/libical style DTSTART)
  month?: number;
  byDay?: string;
}
interface Zone {
  iana: string;
  windows: string;
  weight: number;
  standard: Observance;
  daylight?: Observance;
}

// Current rules (tzdata 2025): US second Sunday of March / first Sunday of November; EU last Sunday of
// March / October (01:00 UTC); Sydney first Sunday of October / April; India and Singapore have no DST.
const ZONES: Zone[] = [
  {
    iana: 'America/New_York', windows: 'Eastern Standard Time', weight: 24,
    daylight: { name: 'EDT', from: '-0500', to: '-0400', time: '020000', date1970: '19700308', month: 3, byDay: '2SU' },
    standard: { name: 'EST', from: '-0400', to: '-0500', time: '020000', date1970: '19701101', month: 11, byDay: '1SU' },
  },
  {
    iana: 'America/Los_Angeles', windows: 'Pacific Standard Time', weight: 16,
    daylight: { name: 'PDT', from: '-0800', to: '-0700', time: '020000', date1970: '19700308', month: 3, byDay: '2SU' },
    standard: { name: 'PST', from: '-0700', to: '-0800', time: '020000', date1970: '19701101', month: 11, byDay: '1SU' },
  },
  {
    iana: 'Europe/Berlin', windows: 'W. Europe Standard Time', weight: 20,
    daylight: { name: 'CEST', from: '+0100', to: '+0200', time: '020000', date1970: '19700329', month: 3, byDay: '-1SU' },
    standard: { name: 'CET', from: '+0200', to: '+0100', time: '030000', date1970: '19701025', month: 10, byDay: '-1SU' },
  },
  {
    iana: 'Europe/London', windows: 'GMT Standard Time', weight: 14,
    daylight: { name: 'BST', from: '+0000', to: '+0100', time: '010000', date1970: '19700329', month: 3, byDay: '-1SU' },
    standard: { name: 'GMT', from: '+0100', to: '+0000', time: '020000', date1970: '19701025', month: 10, byDay: '-1SU' },
  },
  {
    iana: 'Asia/Kolkata', windows: 'India Standard Time', weight: 12,
    standard: { name: 'IST', from: '+0530', to: '+0530', time: '000000', date1970: '19700101' },
  },
  {
    iana: 'Asia/Singapore', windows: 'Singapore Standard Time', weight: 7,
    standard: { name: '+08', from: '+0800', to: '+0800', time: '000000', date1970: '19700101' },
  },
  {
    iana: 'Australia/Sydney', windows: 'AUS Eastern Standard Time', weight: 7,
    standard: { name: 'AEST', from: '+1100', to: '+1000', time: '030000', date1970: '19700405', month: 4, byDay: '1SU' },
    daylight: { name: 'AEDT', from: '+1000', to: '+1100', time: '020000', date1970: '19701004', month: 10, byDay: '1SU' },
  },
];

type Style = 'google' | 'outlook';

function renderVtimezone(zone: Zone, style: Style): string {
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', o: Observance) =>
    style === 'google'
      ? [`BEGIN:${kind}`, `TZOFFSETFROM:${o.from}`, `TZOFFSETTO:${o.to}`, `TZNAME:${o.name}`, `DTSTART:${o.date1970}T${o.time}`,
         ...(o.month ? [`RRULE:FREQ=YEARLY;BYMONTH=${o.month};BYDAY=${o.byDay}`] : []), `END:${kind}`]
      : [`BEGIN:${kind}`, `DTSTART:16010101T${o.time}`, `TZOFFSETFROM:${o.from}`, `TZOFFSETTO:${o.to}`,
         ...(o.month ? [`RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=${o.byDay};BYMONTH=${o.month}`] : []), `END:${kind}`];
  const lines = style === 'google'
    ? ['BEGIN:VTIMEZONE', `TZID:${zone.iana}`, `X-LIC-LOCATION:${zone.iana}`]
    : ['BEGIN:VTIMEZONE', `TZID:${zone.windows}`];
  if (zone.daylight) lines.push(...observance('DAYLIGHT', zone.daylight));
  lines.push(...observance('STANDARD', zone.standard));
  // Exchange writes a DAYLIGHT twin with the same offset for zones without DST.
  if (!zone.daylight && style === 'outlook') lines.push(...observance('DAYLIGHT', zone.standard));
  lines.push('END:VTIMEZONE');
  return lines.join(CRLF) + CRLF;
}

const offsetCache = new Map<string, number>();
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** The zone's UTC offset in minutes on a weekday (DST changes happen on Sunday nights, so one value per day). */
function offsetMin(zone: Zone, day: number): number {
  const key = `${zone.iana}|${day}`;
  let cached = offsetCache.get(key);
  if (cached === undefined) {
    let format = offsetFormats.get(zone.iana);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone.iana, hourCycle: 'h23', year: 'numeric', month: 'numeric',
        day: 'numeric', hour: 'numeric', minute: 'numeric' });
      offsetFormats.set(zone.iana, format);
    }
    const noon = START_UTC + day * DAY_MS + 12 * 60 * MIN_MS;
    const p = Object.fromEntries(format.formatToParts(noon).map((x) => [x.type, x.value]));
    cached = (Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - noon) / MIN_MS;
    offsetCache.set(key, cached);
  }
  return cached;
}
const utcMs = (zone: Zone, day: number, min: number) => START_UTC + day * DAY_MS + (min - offsetMin(zone, day)) * MIN_MS;

// ---------------------------------------------------------------------------------------------- text helpers

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
const dateOf = (day: number) => new Date(START_UTC + day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
const clock = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}${String(min % 60).padStart(2, '0')}00`;
const wall = (day: number, min: number) => `${dateOf(day + Math.floor(min / 1440))}T${clock(min % 1440)}`;
const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

/** RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + one space, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  if (!/[^\x00-\x7f]/.test(line)) {
    if (line.length <= 75) return line + CRLF;
    let out = line.slice(0, 75);
    for (let i = 75; i < line.length; i += 74) out += CRLF + ' ' + line.slice(i, i + 74);
    return out + CRLF;
  }
  let out = '', octets = 0, limit = 75;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (octets + size > limit) {
      out += CRLF + ' ';
      octets = 1;
      limit = 75;
    }
    out += ch;
    octets += size;
  }
  return out + CRLF;
}

// ---------------------------------------------------------------------------------------------- random

function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0; // mulberry32
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => next() < p;
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[int(16)]).join('');
  const sample = <T>(xs: readonly T[], n: number): T[] => {
    const copy = [...xs];
    for (let i = 0; i < Math.min(n, copy.length); i++) {
      const j = i + int(copy.length - i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  };
  /** Small Poisson-distributed count (Knuth). */
  const poisson = (mean: number) => {
    let k = 0;
    for (let p = next(), limit = Math.exp(-mean); p > limit; p *= next()) k++;
    return k;
  };
  return { next, int, pick, chance, hex, sample, poisson };
}
type Rng = ReturnType<typeof createRng>;

// ---------------------------------------------------------------------------------------------- the organisation

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Farah', 'Gustav', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Mei',
  'Nikhil', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Søren', 'Tomás', 'Uma', 'Vikram', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Łukasz',
  'Amara', 'Björn', 'Carmen', 'Dev', 'Emma', 'Fatima', 'Grace', 'Hamza', 'Isla', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Noah',
  'Oscar', 'Pia', 'Ravi', 'Sofia', 'Theo', 'Ananya', 'Wei', 'Jürgen', 'Aoife'];
const LAST = ['Müller', 'Smith', 'Nguyen', 'García', 'Patel', 'Kim', 'Schmidt', 'Johnson', 'Rossi', 'Sharma', 'Tan', 'O\'Brien',
  'Kowalski', 'Dubois', 'Andersson', 'Yamamoto', 'Okafor', 'Silva', 'Chen', 'Williams', 'Iyer', 'Novak', 'Lim', 'Brown',
  'Fischer', 'Martínez', 'Khan', 'Wright', 'Hughes', 'Lee', 'Reddy', 'Murphy', 'Becker', 'Walker', 'Ng', 'Jensen'];
const TEAM_NAMES = ['Payments', 'Search', 'Identity', 'Mobile', 'Data Platform', 'Billing', 'Growth', 'Infra', 'Design Systems',
  'Checkout', 'Notifications', 'Risk', 'Onboarding', 'Analytics', 'Security', 'Developer Experience', 'Support Tools', 'Pricing'];
const TOPICS = ['Q3 roadmap', 'API versioning', 'the migration plan', 'on-call handover', 'latency regression', 'pricing page',
  'hiring loop', 'incident 4711', 'SSO rollout', 'the data contract', 'budget', 'launch checklist', 'mobile release 5.2',
  'vendor renewal', 'accessibility audit', 'OKR draft', 'the RFC', 'customer escalation', 'schema changes', 'retention dip'];
const ONE_OFF_TITLES = ['Sync on {t}', 'Design review: {t}', '{t} kickoff', 'Quick chat re {t}', 'Decision: {t}', 'Working session: {t}',
  'Follow-up: {t}', 'Brainstorm {t}', 'Interview debrief', 'Customer call prep', 'Retro', 'Sprint planning', 'Coffee chat', 'Demo prep'];
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR'];
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];

interface Person {
  email: string;
  name: string;
  zone: Zone;
  style: Style;
  team: Team;
  file: string;
  buffer: string[];
  bufferedChars: number;
  vevents: number;
  expected: number;
}
interface Team {
  index: number;
  id: string;
  name: string;
  zone: Zone;
  department: number;
  members: Person[];
  lead: Person;
  linked: Team | null;
  noMeetingDay: number | null; // 0 = Monday
}

type PartStat = 'ACCEPTED' | 'TENTATIVE' | 'DECLINED' | 'NEEDS-ACTION';
type Conference = 'meet' | 'zoom' | 'teams' | null;

/** One VEVENT as generated; rendered at most once per style, then appended to each internal attendee's file. */
interface Ev {
  uid: string;
  summary: string;
  zone: Zone;
  day: number;
  startMin: number;
  durMin: number;
  allDayDays?: number;
  organizer?: Person;
  attendees: { person: Person | null; email: string; name: string; partstat: PartStat; optional?: boolean }[];
  room?: string;
  rrule?: string;
  exdates?: number[]; // day indexes, at the master's start time
  recurrenceDay?: number; // RECURRENCE-ID day, at `recurrenceMin`
  recurrenceMin?: number;
  cancelled?: boolean;
  description: string;
  conference: Conference;
  isPrivate?: boolean;
  transparent?: boolean;
  busy: 'BUSY' | 'FREE' | 'OOF' | 'TENTATIVE';
  createdMs: number;
  modifiedMs: number;
  sequence: number;
  rendered?: Partial<Record<Style, string>>;
}

function boilerplate(rng: Rng, conference: Conference, organizer: string): string {
  if (conference === 'meet') {
    const code = `${rng.hex(3)}-${rng.hex(4)}-${rng.hex(3)}`.toLowerCase();
    const bar = '-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-';
    return `${bar}\nJoin with Google Meet: https://meet.google.com/${code}\n\nJoin by phone\n(US) +1 347-555-01${rng.int(90) + 10} PIN: ${100000000 + rng.int(899999999)}#\n\nMore phone numbers: https://tel.meet/${code}?pin=${rng.hex(10)}\n\nLearn more about Meet at: https://support.google.com/a/users/answer/9282720\n\nPlease do not edit this section.\n${bar}`;
  }
  if (conference === 'zoom') {
    const id = String(80000000000 + rng.int(1999999999));
    return `${organizer} is inviting you to a scheduled Zoom meeting.\n\nJoin Zoom Meeting\nhttps://example.zoom.us/j/${id}?pwd=${rng.hex(24).toLowerCase()}\n\nMeeting ID: ${id.slice(0, 3)} ${id.slice(3, 7)} ${id.slice(7)}\nPasscode: ${rng.int(999999)}\n\n---\n\nOne tap mobile\n+16465588656,,${id}# US (New York)\n+16699009128,,${id}# US (San Jose)\n\nJoin by SIP\n${id}@zoomcrc.com`;
  }
  if (conference === 'teams') {
    const bar = '_'.repeat(80);
    return `${bar}\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room device\nClick here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_${rng.hex(40)}%40thread.v2/0?context=%7b%22Tid%22%3a%22${rng.hex(32)}%22%7d>\nMeeting ID: ${100 + rng.int(899)} ${100 + rng.int(899)} ${100 + rng.int(899)} ${100 + rng.int(899)}\nPasscode: ${rng.hex(6)}\nDownload Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>\nLearn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://teams.microsoft.com/meetingOptions/?organizerId=${rng.hex(32)}>\n${bar}`;
  }
  return '';
}

function agenda(rng: Rng, noteTaker: string | null): string {
  const items = rng.sample(TOPICS, 2 + rng.int(3)).map((t, i) => `${i + 1}. ${t}`);
  const lines = ['Agenda:', ...items, `${items.length + 1}. AOB`];
  if (noteTaker) lines.push('', `Note-taker: ${noteTaker}`);
  if (rng.chance(0.4)) lines.push(`Notes doc: https://docs.example.com/d/${rng.hex(20).toLowerCase()}`);
  return lines.join('\n');
}

/** Description: an agenda (+ conference text), conference boilerplate only, or nothing. */
function describeEvent(rng: Rng, conference: Conference, organizer: Person, notePool: Person[], agendaShare: number): string {
  const link = boilerplate(rng, conference, organizer.name);
  if (rng.chance(agendaShare)) {
    const text = agenda(rng, rng.chance(0.35) ? rng.pick(notePool).name : null);
    return link ? `${text}\n\n${link}` : text;
  }
  return rng.chance(0.8) ? link : '';
}

function renderEvent(ev: Ev, style: Style): string {
  const cached = ev.rendered?.[style];
  if (cached) return cached;
  const tzid = style === 'google' ? ev.zone.iana : ev.zone.windows;
  const at = (prop: string, day: number, min: number) => `${prop};TZID=${tzid}:${wall(day, min)}`;
  const lines: string[] = ['BEGIN:VEVENT'];
  if (ev.allDayDays) {
    lines.push(`DTSTART;VALUE=DATE:${dateOf(ev.day)}`, `DTEND;VALUE=DATE:${dateOf(ev.day + ev.allDayDays)}`);
  } else if (style === 'google' && !ev.rrule && ev.recurrenceDay === undefined) {
    // Google writes single events in UTC and recurring ones in the event's zone.
    const start = utcMs(ev.zone, ev.day, ev.startMin);
    lines.push(`DTSTART:${stamp(start)}`, `DTEND:${stamp(start + ev.durMin * MIN_MS)}`);
  } else {
    lines.push(at('DTSTART', ev.day, ev.startMin), at('DTEND', ev.day, ev.startMin + ev.durMin));
  }
  if (ev.rrule) lines.push(`RRULE:${ev.rrule}${style === 'outlook' ? ';WKST=MO' : ''}`);
  for (const day of ev.exdates ?? []) lines.push(at('EXDATE', day, ev.startMin));
  if (ev.recurrenceDay !== undefined) lines.push(at('RECURRENCE-ID', ev.recurrenceDay, ev.recurrenceMin!));
  lines.push(`DTSTAMP:${EXPORT_STAMP}`);
  if (ev.organizer) lines.push(`ORGANIZER;CN=${ev.organizer.name}:mailto:${ev.organizer.email}`);
  lines.push(`UID:${ev.uid}`);
  for (const a of ev.attendees) {
    const role = a.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT';
    lines.push(style === 'google'
      ? `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=${role};PARTSTAT=${a.partstat};CN=${a.name};X-NUM-GUESTS=0:mailto:${a.email}`
      : `ATTENDEE;ROLE=${role};PARTSTAT=${a.partstat};RSVP=TRUE;CN=${a.name}:mailto:${a.email}`);
  }
  if (ev.room) {
    lines.push(`ATTENDEE;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;PARTSTAT=ACCEPTED;CN=${ev.room}:mailto:${ev.room.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@rooms.example.com`);
  }
  const lang = style === 'outlook' ? ';LANGUAGE=en-US' : '';
  lines.push(`CLASS:${ev.isPrivate ? 'PRIVATE' : 'PUBLIC'}`, `CREATED:${stamp(ev.createdMs)}`);
  if (ev.description) lines.push(`DESCRIPTION${lang}:${escapeText(ev.description)}`);
  lines.push(`LAST-MODIFIED:${stamp(ev.modifiedMs)}`);
  const location = ev.room ?? (ev.conference === 'teams' ? 'Microsoft Teams Meeting' : '');
  lines.push(`LOCATION${lang}:${escapeText(location)}`, `SEQUENCE:${ev.sequence}`,
    `STATUS:${ev.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, `SUMMARY${lang}:${escapeText(ev.summary)}`,
    `TRANSP:${ev.transparent ? 'TRANSPARENT' : 'OPAQUE'}`);
  if (style === 'google' && ev.conference === 'meet') lines.push(`X-GOOGLE-CONFERENCE:${ev.description.match(/https:\/\/meet\S+/)?.[0] ?? ''}`);
  if (style === 'outlook') {
    const kind = ev.recurrenceDay !== undefined ? 3 : ev.rrule ? 1 : 0;
    lines.push('PRIORITY:5', `X-MICROSOFT-CDO-APPT-SEQUENCE:${ev.sequence}`, `X-MICROSOFT-CDO-BUSYSTATUS:${ev.busy}`,
      `X-MICROSOFT-CDO-INTENDEDSTATUS:${ev.busy}`, `X-MICROSOFT-CDO-ALLDAYEVENT:${ev.allDayDays ? 'TRUE' : 'FALSE'}`,
      'X-MICROSOFT-CDO-IMPORTANCE:1', `X-MICROSOFT-CDO-INSTTYPE:${kind}`, 'X-MICROSOFT-DONOTFORWARDMEETING:FALSE',
      'X-MICROSOFT-DISALLOW-COUNTER:FALSE', 'X-MICROSOFT-REQUESTEDATTENDANCEMODE:DEFAULT',
      `X-MICROSOFT-LOCATIONS:[{"DisplayName":"${location}","LocationAnnotation":"","LocationSource":0,"Unresolved":false,"LocationUri":""}]`);
    if (ev.description) {
      const html = ev.description.split('\n').map((l) => `<p class=MsoNormal><span lang=EN-US>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') || '&nbsp;'}</span></p>`).join('\n');
      lines.push(`X-ALT-DESC;FMTTYPE=text/html:${escapeText(`<html>\n<head>\n<meta name="Generator" content="Microsoft Exchange Server">\n<style>p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}</style>\n</head>\n<body lang=EN-US>\n<div class=WordSection1>\n${html}\n</div>\n</body>\n</html>`)}`);
    }
    if (!ev.allDayDays && !ev.cancelled) lines.push('BEGIN:VALARM', 'DESCRIPTION:REMINDER', 'TRIGGER;RELATED=START:-PT15M', 'ACTION:DISPLAY', 'END:VALARM');
  }
  lines.push('END:VEVENT');
  const text = lines.map(foldLine).join('');
  (ev.rendered ??= {})[style] = text;
  return text;
}

/** DTSTAMP of every event: the moment of the (pretend) export, the day after the window. Set by generateOrg. */
let EXPORT_STAMP = '';

// ---------------------------------------------------------------------------------------------- generation

export function generateOrg(opts: { people: number; weeks: number; dir: string; seed?: number }): OrgManifest {
  const began = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const rng = createRng(seed);
  const { weeks } = opts;
  const days = weeks * 7;
  EXPORT_STAMP = stamp(START_UTC + days * DAY_MS + 9 * 3600_000);
  const exportsDir = join(opts.dir, 'exports');
  // Remove only what we write, never the whole --dir a user pointed us at.
  for (const name of ['manifest.json', 'expected-occurrences.json', 'roster.yaml', 'exports']) rmSync(join(opts.dir, name), { recursive: true, force: true });
  mkdirSync(exportsDir, { recursive: true });

  // --- people and teams: teams of ~8; linked pairs (0-1, 2-3, ...) sit in different zones; departments of 6 teams.
  const weighted = ZONES.flatMap((z) => Array<Zone>(z.weight).fill(z));
  const teamCount = Math.ceil(opts.people / 8);
  const teams: Team[] = [];
  for (let i = 0; i < teamCount; i++) {
    let zone = rng.pick(weighted);
    while (i % 2 === 1 && zone === teams[i - 1].zone) zone = rng.pick(weighted);
    const noMeetingDay = rng.chance(0.4) ? rng.pick([2, 2, 2, 4, 0]) : null; // mostly Wednesdays
    teams.push({ index: i, id: `t${i + 1}`, name: `${TEAM_NAMES[i % TEAM_NAMES.length]}${i >= TEAM_NAMES.length ? ` ${Math.floor(i / TEAM_NAMES.length) + 1}` : ''}`,
      zone, department: Math.floor(i / 6), members: [], lead: null as unknown as Person, linked: null, noMeetingDay });
  }
  for (const t of teams) t.linked = teams[t.index ^ 1] ?? null;
  const people: Person[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < opts.people; i++) {
    const team = teams[Math.floor(i / 8)];
    const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    const slug = name.toLowerCase().replace(/ł/g, 'l').replace(/ø/g, 'o').normalize('NFD').replace(/[^a-z ]/g, '').replace(' ', '.');
    let email = `${slug}@example.com`;
    for (let n = 2; emails.has(email); n++) email = `${slug}${n}@example.com`;
    emails.add(email);
    const zone = team.members.length > 0 && rng.chance(0.15) ? rng.pick(weighted) : team.zone; // some remote members
    const person: Person = { email, name, zone, style: rng.chance(0.35) ? 'outlook' : 'google', team,
      file: join(exportsDir, `${email}.ics`), buffer: [], bufferedChars: 0, vevents: 0, expected: 0 };
    if (team.members.length === 0) team.lead = person;
    team.members.push(person);
    people.push(person);
  }
  const departmentOf = (t: Team) => teams.filter((x) => x.department === t.department);
  const departmentHead = (t: Team) => teams[t.department * 6].lead;

  writeRoster(opts.dir, people, teams);

  // --- file headers: VTIMEZONEs for every zone the person can meet in (department + linked team).
  for (const p of people) {
    const circle = [...departmentOf(p.team), ...(p.team.linked ? [p.team.linked] : [])].flatMap((t) => t.members);
    const zones = ZONES.filter((z) => z === p.zone || circle.some((q) => q.zone === z));
    const header = p.style === 'google'
      ? ['BEGIN:VCALENDAR', 'PRODID:-//Google Inc//Google Calendar 70.9054//EN', 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
         `X-WR-CALNAME:${p.email}`, `X-WR-TIMEZONE:${p.zone.iana}`]
      : ['BEGIN:VCALENDAR', 'METHOD:PUBLISH', 'PRODID:Microsoft Exchange Server 2010', 'VERSION:2.0', 'X-WR-CALNAME:Calendar'];
    writeFileSync(p.file, header.map(foldLine).join('') + zones.map((z) => renderVtimezone(z, p.style)).join(''));
  }

  const write = (p: Person, ev: Ev, occurrences: number) => {
    const text = renderEvent(ev, p.style);
    p.buffer.push(text);
    p.bufferedChars += text.length;
    p.vevents++;
    p.expected += occurrences;
    if (p.bufferedChars > 65536) flush(p);
  };
  const flush = (p: Person) => {
    appendFileSync(p.file, p.buffer.join(''));
    p.buffer = [];
    p.bufferedChars = 0;
  };
  // The window is [START_UTC, END) in UTC, so Sydney's first Monday morning is outside it and the Monday
  // after the last week is partly inside it (open-ended series reach it).
  const endUtc = START_UTC + days * DAY_MS;
  const inWindow = (zone: Zone, day: number, min: number) => {
    const t = utcMs(zone, day, min);
    return t >= START_UTC && t < endUtc;
  };
  const uidFor = (organizer: Person | undefined) => organizer?.style === 'outlook'
    ? `040000008200E00074C5B7101A82E00800000000${rng.hex(16)}000000000000000010000000${rng.hex(32)}`
    : `${rng.hex(26).toLowerCase()}@google.com`;
  const partstat = (): PartStat => {
    const r = rng.next();
    return r < 0.7 ? 'ACCEPTED' : r < 0.78 ? 'TENTATIVE' : r < 0.9 ? 'NEEDS-ACTION' : 'DECLINED';
  };
  const invite = (organizer: Person, guests: Person[]) => [organizer, ...guests.filter((g) => g !== organizer)].map((p, i) => ({
    person: p, email: p.email, name: p.name, partstat: i === 0 ? ('ACCEPTED' as PartStat) : partstat(), optional: i > 0 && rng.chance(0.08) }));
  const conferenceOf = (organizer: Person): Conference => organizer.style === 'outlook'
    ? (rng.chance(0.85) ? 'teams' : 'zoom') : (rng.chance(0.8) ? 'meet' : 'zoom');
  /** Start minute in the organiser's zone that keeps every attendee nearest to 09:00-17:00 local. */
  const bestStart = (zone: Zone, guests: Person[], durMin: number, fallback: number) => {
    const zones = [...new Set(guests.map((g) => g.zone))];
    let best = fallback, bestCost = Infinity;
    for (let min = 8 * 60; min <= 18 * 60; min += 30) {
      let cost = Math.abs(min - fallback) / 600;
      for (const z of zones) {
        const local = min + offsetMin(z, 0) - offsetMin(zone, 0);
        cost += Math.max(0, 9 * 60 - local) + Math.max(0, local + durMin - 17 * 60);
      }
      if (cost < bestCost) [best, bestCost] = [min, cost];
    }
    return best;
  };
  let moved = 0, cancelled = 0;

  // --- recurring series: master + overrides, planned up front so EXDATEs are known when the master is written.
  interface SeriesSpec {
    summary: string; organizer: Person; guests: Person[]; firstDay: number; startMin: number; durMin: number;
    weekdays?: number[]; intervalWeeks?: number; monthlyNth?: number; untilDay?: number;
    rates: { exdate: number; cancel: number; move: number }; agendaShare: number; uid?: string; isPrivate?: boolean;
    transparent?: boolean; busy?: Ev['busy'];
  }
  const instanceDays = (s: SeriesSpec): number[] => {
    const out: number[] = [];
    const end = Math.min(s.untilDay ?? days + 1, days + 1);
    for (let d = s.firstDay; d < end; d++) {
      const wd = d % 7;
      if (s.monthlyNth) {
        const dom = new Date(START_UTC + d * DAY_MS).getUTCDate();
        if (wd === s.weekdays![0] && Math.ceil(dom / 7) === s.monthlyNth) out.push(d);
      } else if (s.weekdays!.includes(wd) && (Math.floor(d / 7) - Math.floor(s.firstDay / 7)) % (s.intervalWeeks ?? 1) === 0) {
        out.push(d);
      }
    }
    return out;
  };
  const addSeries = (s: SeriesSpec) => {
    const all = instanceDays(s);
    if (all.length === 0) return null;
    const zone = s.organizer.zone;
    const conference = s.guests.length > 1 ? conferenceOf(s.organizer) : null;
    const createdMs = START_UTC - (5 + rng.int(200)) * DAY_MS - rng.int(86400) * 1000;
    let rrule = s.monthlyNth ? `FREQ=MONTHLY;BYDAY=${s.monthlyNth}${DAY_CODES[s.weekdays![0]]}`
      : `FREQ=WEEKLY${s.intervalWeeks && s.intervalWeeks > 1 ? `;INTERVAL=${s.intervalWeeks}` : ''};BYDAY=${s.weekdays!.map((d) => DAY_CODES[d]).join(',')}`;
    if (s.untilDay !== undefined) rrule += `;UNTIL=${stamp(utcMs(zone, all[all.length - 1], s.startMin))}`;
    const master: Ev = {
      uid: s.uid ?? uidFor(s.organizer), summary: s.summary, zone, day: all[0], startMin: s.startMin, durMin: s.durMin,
      organizer: s.guests.length > 1 ? s.organizer : undefined, attendees: s.guests.length > 1 ? invite(s.organizer, s.guests) : [],
      rrule, exdates: [], description: describeEvent(rng, conference, s.organizer, s.guests, s.agendaShare), conference,
      isPrivate: s.isPrivate, transparent: s.transparent, busy: s.busy ?? 'BUSY', createdMs, modifiedMs: createdMs + rng.int(30) * DAY_MS, sequence: 0,
    };
    const overrides: Ev[] = [];
    let count = 0;
    for (const day of all) {
      if (!inWindow(zone, day, s.startMin)) continue;
      const isFirst = day === all[0];
      const r = rng.next();
      if (!isFirst && r < s.rates.exdate) {
        master.exdates!.push(day);
        continue;
      }
      const base = { ...master, rrule: undefined, exdates: undefined, rendered: undefined, day, recurrenceDay: day, recurrenceMin: s.startMin,
        sequence: 1 + rng.int(3), modifiedMs: START_UTC + (day - 1 - rng.int(10)) * DAY_MS };
      if (!isFirst && r < s.rates.exdate + s.rates.cancel) {
        overrides.push({ ...base, cancelled: true });
        continue;
      }
      count++;
      if (!isFirst && r < s.rates.exdate + s.rates.cancel + s.rates.move) {
        // Moved later the same day, or to the next weekday; an agenda is sometimes added to the moved instance.
        const later = s.startMin + 60 * (1 + rng.int(3));
        const [newDay, newMin] = day % 7 < 4 && rng.chance(0.5) ? [day + 1, s.startMin] : [day, Math.min(later, 18 * 60)];
        const description = rng.chance(0.2) ? `${agenda(rng, null)}\n\n${master.description}` : master.description;
        if (inWindow(zone, newDay, newMin)) overrides.push({ ...base, day: newDay, startMin: newMin, description });
      }
    }
    const owners = [...new Set([s.organizer, ...s.guests])];
    for (const p of owners) {
      write(p, master, count);
      for (const o of overrides) {
        write(p, o, 0);
        if (o.cancelled) cancelled++;
        else moved++;
      }
    }
    return { master, count };
  };

  const nonMeetingDays = (t: Team) => [0, 1, 2, 3, 4].filter((d) => d !== t.noMeetingDay);
  let spotCheck: OrgManifest['spotCheck'] | null = null;
  for (const t of teams) {
    // Daily stand-up (teams with a no-meeting day usually skip it that day).
    const standupDays = t.noMeetingDay !== null && rng.chance(0.7) ? nonMeetingDays(t) : [0, 1, 2, 3, 4];
    const standup = addSeries({ summary: rng.pick(['Daily stand-up', 'Stand-up', `${t.name} daily`]), organizer: t.lead, guests: t.members,
      firstDay: 0, startMin: 9 * 60 + 30, durMin: 15, weekdays: standupDays, rates: { exdate: 0.015, cancel: 0.015, move: 0.01 }, agendaShare: 0 });
    if (!spotCheck && standup && standupDays.length === 5 && t.members.length > 1) {
      spotCheck = { file: `exports/${t.lead.email}.ics`, uid: standup.master.uid, summary: standup.master.summary, expectedOccurrences: standup.count };
    }
    // Weekly team sync; half of them change time mid-year (the old series gets an UNTIL, a new series starts).
    const syncDay = rng.pick(nonMeetingDays(t));
    const syncRates = { exdate: 0.03, cancel: 0.05, move: 0.08 };
    const split = rng.chance(0.5) ? 7 * (Math.floor(weeks / 3) + rng.int(Math.max(1, Math.floor(weeks / 3)))) : undefined;
    const sync = { summary: `${t.name} weekly sync`, organizer: t.lead, guests: t.members, durMin: 60, rates: syncRates, agendaShare: 0.5 };
    const first = addSeries({ ...sync, firstDay: syncDay, startMin: (10 + rng.int(5)) * 60, weekdays: [syncDay], untilDay: split });
    if (split !== undefined) {
      const newDay = rng.pick(nonMeetingDays(t));
      addSeries({ ...sync, firstDay: split + newDay, startMin: (10 + rng.int(5)) * 60, weekdays: [newDay],
        uid: first && t.lead.style === 'google' ? first.master.uid.replace('@google.com', `_R${dateOf(split)}@google.com`) : undefined });
    }
    // Biweekly 1:1s with the manager (the team lead; leads meet their department head).
    const manager = (p: Person) => (p === t.lead ? departmentHead(t) : t.lead);
    for (const p of t.members) {
      const m = manager(p);
      if (m === p) continue;
      const day = rng.pick(nonMeetingDays(t));
      addSeries({ summary: `${m.name.split(' ')[0]} / ${p.name.split(' ')[0]} 1:1`, organizer: m, guests: [m, p], firstDay: day + 7 * rng.int(2),
        startMin: bestStart(m.zone, [p], 30, (10 + rng.int(6)) * 60), durMin: 30, weekdays: [day], intervalWeeks: 2,
        rates: { exdate: 0.02, cancel: 0.08, move: 0.15 }, agendaShare: 0.3, isPrivate: rng.chance(0.2) });
    }
    // Cross-team sync with the linked team in another zone, at the least-bad hour for both.
    if (t.linked && t.index % 2 === 0) {
      const guests = [t.lead, t.linked.lead, ...rng.sample(t.members.slice(1), 2), ...rng.sample(t.linked.members.slice(1), 2)];
      const day = rng.pick([1, 2, 3]);
      addSeries({ summary: `${t.name} <> ${t.linked.name} sync`, organizer: t.lead, guests, firstDay: day, durMin: 45,
        startMin: bestStart(t.lead.zone, guests, 45, 10 * 60), weekdays: [day], intervalWeeks: rng.chance(0.5) ? 1 : 2,
        rates: { exdate: 0.02, cancel: 0.06, move: 0.08 }, agendaShare: 0.4 });
    }
    // Monthly department all-hands (first Thursday), large.
    if (t.index % 6 === 0) {
      const guests = departmentOf(t).flatMap((x) => x.members);
      const firstThursday = instanceDays({ firstDay: 0, weekdays: [3], monthlyNth: 1 } as SeriesSpec)[0] ?? 3;
      addSeries({ summary: 'Department all-hands', organizer: t.lead, guests, firstDay: firstThursday, durMin: 60,
        startMin: bestStart(t.lead.zone, guests, 60, 16 * 60), weekdays: [3], monthlyNth: 1,
        rates: { exdate: 0, cancel: 0.02, move: 0.1 }, agendaShare: 0.7 });
    }
  }
  // Personal series: weekly focus blocks for some, a transparent lunch hold for others.
  for (const p of people) {
    if (rng.chance(0.35)) {
      addSeries({ summary: 'Focus time', organizer: p, guests: [p], firstDay: 1, startMin: 14 * 60, durMin: 120, weekdays: [1, 3],
        rates: { exdate: 0.05, cancel: 0, move: 0.05 }, agendaShare: 0 });
    }
    if (rng.chance(0.3)) {
      addSeries({ summary: 'Lunch', organizer: p, guests: [p], firstDay: 0, startMin: 12 * 60, durMin: 60, weekdays: [0, 1, 2, 3, 4],
        rates: { exdate: 0, cancel: 0, move: 0 }, agendaShare: 0, transparent: true, busy: 'FREE' });
    }
  }

  // --- week by week: one-off meetings, focus blocks, out-of-office.
  for (let w = 0; w < weeks; w++) {
    for (const organizer of people) {
      const n = rng.poisson(0.9);
      for (let k = 0; k < n; k++) {
        const t = organizer.team.linked && rng.chance(0.3) ? organizer.team.linked : organizer.team;
        const pool = t.members.filter((p) => p !== organizer);
        if (pool.length === 0) continue;
        const guests = rng.sample(pool, 1 + Math.min(rng.poisson(1.6), 7));
        let day = w * 7 + rng.int(5);
        if (organizer.team.noMeetingDay === day % 7 && rng.chance(0.8)) day = w * 7 + rng.pick(nonMeetingDays(organizer.team));
        const durMin = rng.pick([30, 30, 30, 25, 45, 60, 60, 90]);
        const startMin = bestStart(organizer.zone, guests, durMin, (9 + rng.int(8)) * 60 + rng.pick([0, 30]));
        if (!inWindow(organizer.zone, day, startMin)) continue;
        const conference = conferenceOf(organizer);
        const createdMs = utcMs(organizer.zone, day, startMin) - (rng.chance(0.3) ? rng.int(24) * 3600_000 : (1 + rng.int(20)) * DAY_MS);
        const ev: Ev = {
          uid: uidFor(organizer), summary: rng.pick(ONE_OFF_TITLES).replace('{t}', rng.pick(TOPICS)), zone: organizer.zone, day, startMin,
          durMin, organizer, attendees: invite(organizer, guests), description: describeEvent(rng, conference, organizer, guests, 0.45), conference,
          isPrivate: rng.chance(0.04), transparent: rng.chance(0.03), busy: 'BUSY', createdMs, sequence: rng.int(3),
          modifiedMs: createdMs + rng.int(3) * 3600_000, room: rng.chance(0.2) ? `Room ${1 + rng.int(6)}.${10 + rng.int(20)} (${4 + rng.int(9)})` : undefined,
        };
        if (rng.chance(0.1)) ev.attendees.push({ person: null, email: `${rng.pick(FIRST).toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@partner.example.org`,
          name: 'External guest', partstat: 'NEEDS-ACTION' });
        for (const a of ev.attendees) if (a.person) write(a.person, ev, 1);
      }
    }
    for (const p of people) {
      const personal = (summary: string, day: number, startMin: number, durMin: number, extra: Partial<Ev>) => {
        if (!inWindow(p.zone, day, startMin)) return;
        const createdMs = START_UTC + (day - 1 - rng.int(14)) * DAY_MS;
        write(p, { uid: uidFor(p), summary, zone: p.zone, day, startMin, durMin, attendees: [], description: '', conference: null,
          busy: 'BUSY', createdMs, modifiedMs: createdMs, sequence: 0, ...extra }, 1);
      };
      for (let k = rng.poisson(1.2); k > 0; k--) personal('Focus time', w * 7 + rng.int(5), rng.pick([9, 13, 14]) * 60, 120, {});
      if (rng.chance(0.05)) personal(rng.pick(['Dentist', 'Doctor', 'School pickup']), w * 7 + rng.int(5), 15 * 60, 60, { isPrivate: true });
      if (rng.chance(0.06)) {
        const vacation = rng.chance(0.4);
        personal(vacation ? 'Vacation' : rng.pick(['OOO', 'Out of office', 'Public holiday']), w * 7 + (vacation ? 0 : rng.int(5)), 0, 0,
          { allDayDays: vacation ? 5 : 1, transparent: true, busy: 'OOF' });
      }
    }
  }

  let bytes = 0, vevents = 0, expected = 0;
  for (const p of people) {
    p.buffer.push(foldLine('END:VCALENDAR'));
    flush(p);
    bytes += statSync(p.file).size;
    vevents += p.vevents;
    expected += p.expected;
  }
  const manifest: OrgManifest = {
    generatorVersion: GENERATOR_VERSION, seed, people: opts.people, weeks,
    from: new Date(START_UTC).toISOString().slice(0, 10), to: new Date(START_UTC + days * DAY_MS).toISOString().slice(0, 10),
    files: people.length, bytes, vevents, expectedOccurrences: expected, overrides: { moved, cancelled },
    spotCheck: spotCheck ?? { file: '', uid: '', summary: '', expectedOccurrences: 0 },
    generateSeconds: +((performance.now() - began) / 1000).toFixed(2),
  };
  const byFile = Object.fromEntries(people.map((p) => [`exports/${p.email}.ics`, p.expected]));
  writeFileSync(join(opts.dir, 'expected-occurrences.json'), JSON.stringify(byFile, null, 1) + '\n');
  writeFileSync(join(opts.dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function writeRoster(dir: string, people: Person[], teams: Team[]): void {
  const q = JSON.stringify; // a JSON string is a valid YAML double-quoted scalar
  const lines = ['defaults: { workingHours: { days: [Mon, Tue, Wed, Thu, Fri], start: "09:00", end: "17:00" } }', 'people:'];
  for (const p of people) {
    lines.push(`  - { email: ${q(p.email)}, name: ${q(p.name)}, timeZone: ${q(p.zone.iana)}, teams: [${p.team.id}], calendars: [${q(`exports/${p.email}.ics`)}] }`);
  }
  lines.push('teams:');
  for (const t of teams) {
    const noMeeting = t.noMeetingDay === null ? '' : `, noMeetingDay: ${DAY_NAMES[t.noMeetingDay]}`;
    lines.push(`  - { id: ${t.id}, name: ${q(t.name)}, leads: [${q(t.lead.email)}]${noMeeting} }`);
  }
  writeFileSync(join(dir, 'roster.yaml'), lines.join('\n') + '\n');
}
