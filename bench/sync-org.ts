/**
 * A deterministic organisation for the sync benchmark (bench/sync.ts), provider-neutral: people in teams
 * across seven zones, and every meeting once, with its attendees, responses and instances (UTC). The
 * Google and Graph views of each person's calendar are built from it by bench/sync-google.ts and
 * bench/sync-outlook.ts; the incremental round's changes are chosen here too, so both providers get
 * the same ones.
 *
 * Per person-week, about: 5 stand-ups (4 where the team keeps a no-meeting day), 1 team sync, half a
 * biweekly 1:1 (a lead has one with each report), a cross-team sync for the 3 of each team who go,
 * a monthly all-hands, 3 focus-time blocks and 5 lunch blocks (both personal series), 13 one-off
 * meetings (1 to 6 guests, some declined, tentative or unanswered), half a personal one-off, and a few
 * all-day events (a team offsite) and out-of-office blocks. Series instances are moved (3%) or
 * cancelled (2%); some 1:1 series end mid-window.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, wallToUtcMs } from '../src/model/time.js';

export const SYNC_ORG_VERSION = 1;
export const DEFAULT_SYNC_SEED = 20250106;
/** Monday 2025-01-06: day 0 of week 0 (the window starts here at 00:00 UTC). */
export const START_DAY_MS = Date.UTC(2025, 0, 6);

export type Response = 'accepted' | 'tentative' | 'needsAction' | 'declined';
export type DescriptionKind = 'agenda' | 'boilerplate' | 'none';

export interface Zone {
  iana: string;
  windows: string;
  weight: number;
}

export const ZONES: Zone[] = [
  { iana: 'America/New_York', windows: 'Eastern Standard Time', weight: 24 },
  { iana: 'America/Los_Angeles', windows: 'Pacific Standard Time', weight: 16 },
  { iana: 'Europe/Berlin', windows: 'W. Europe Standard Time', weight: 20 },
  { iana: 'Europe/London', windows: 'GMT Standard Time', weight: 14 },
  { iana: 'Asia/Kolkata', windows: 'India Standard Time', weight: 12 },
  { iana: 'Asia/Singapore', windows: 'Singapore Standard Time', weight: 7 },
  { iana: 'Australia/Sydney', windows: 'AUS Eastern Standard Time', weight: 7 },
];
export const windowsZoneOf = (iana: string): string => ZONES.find((z) => z.iana === iana)!.windows;

export interface OrgPerson {
  i: number;
  email: string;
  name: string;
  zone: string;
  team: number;
}

export interface OrgTeam {
  i: number;
  id: string;
  name: string;
  zone: string;
  members: number[];
  lead: number;
  /** ISO weekday without team meetings, or null. */
  noMeetingDay: number | null;
  linked: number;
}

/** One instance, UTC instants. */
export interface Instance {
  /** The start the series gives it (an instance's identity); a one-off's start. */
  originalMs: number;
  startMs: number;
  endMs: number;
  cancelled: boolean;
}

export interface Pattern {
  type: 'weekly' | 'relativeMonthly';
  interval: number;
  /** ISO weekdays. */
  days: number[];
  /** relativeMonthly: first. */
  index?: 'first';
  /** The last week with an instance, when the series ends inside the window. */
  endWeek?: number;
}

export interface Meeting {
  n: number;
  kind: 'series' | 'single' | 'allday';
  title: string;
  description: DescriptionKind;
  organizer: number;
  /** Internal attendees, organizer first. Personal events: just the owner. */
  attendees: number[];
  /** Parallel to `attendees` (the organizer has accepted). */
  responses: Response[];
  /** Personal (no guest list): focus, lunch, appointments, out-of-office. */
  personal: boolean;
  room: string | null;
  external: string | null;
  /** The organizer's zone: the event's own zone. */
  zone: string;
  eventType: 'default' | 'focusTime' | 'outOfOffice';
  transparent: boolean;
  private: boolean;
  createdMs: number;
  updatedMs: number;
  pattern: Pattern | null;
  instances: Instance[];
  /** All-day: first day and the day after the last, as wall-clock midnights encoded as if UTC. */
  allDay: { startDay: number; endDay: number } | null;
}

/** The incremental round's changes to one person's calendar (the same for Google and Outlook). */
export interface PersonChanges {
  /** The person declines one stand-up instance. */
  decline: { meeting: number; instance: number };
  /** One focus-time instance moves an hour later. */
  move: { meeting: number; instance: number; startMs: number; endMs: number };
  /** One lunch instance is deleted. */
  cancel: { meeting: number; instance: number };
  /** A personal one-off moves 30 minutes later and gets a new title. */
  edit: { meeting: number; startMs: number; endMs: number; title: string };
  /** A new personal one-off. */
  add: Meeting;
}

export interface SyncOrg {
  seed: number;
  people: OrgPerson[];
  teams: OrgTeam[];
  meetings: Meeting[];
  /** Meeting numbers on each person's calendar. */
  calendars: number[][];
  weeks: number;
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
  /** Per person: the series the incremental round touches. */
  personal: { standup: number; focus: number; lunch: number; oneOffs: number[] }[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Emma', 'David', 'Priya', 'Zoë', 'Lena', 'Fatima', 'Pia', 'Vikram', 'Wen', 'Hamza', 'Ravi', 'Inès', 'Olga', 'Nikhil', 'Łukasz', 'Mei', 'Rosa', 'Søren', 'Elif', 'Jürgen', 'Aiko', 'Tomás', 'Chloe', 'Kwame'];
const LAST = ['Okafor', 'Johnson', 'Brown', 'Rossi', 'Andersson', 'Wright', 'Patel', 'Ng', 'Becker', 'Lee', 'García', 'Nguyen', 'Müller', 'Martínez', 'Fischer', 'Kim', 'Hughes', 'Iyer', 'Silva', 'Walker', 'Tanaka', 'Costa', 'Dubois', 'Mensah'];
const TEAM_NAMES = ['Payments', 'Search', 'Platform', 'Mobile', 'Growth', 'Billing', 'Identity', 'Data', 'Infra', 'Design', 'Support', 'Security'];
const TOPICS = ['Roadmap review', 'Design review', 'Incident follow-up', 'Hiring debrief', 'Customer call prep', 'Sprint planning', 'Architecture sync', 'Pricing discussion', 'Launch checklist', 'Quarterly planning', 'Interview', 'Vendor demo', 'Budget review', 'Retro'];
const ASCII: Record<string, string> = { 'ë': 'e', 'è': 'e', 'é': 'e', 'ł': 'l', 'Ł': 'L', 'ø': 'o', 'ü': 'u', 'á': 'a', 'í': 'i', 'ó': 'o' };
const slug = (s: string) => s.replace(/[^\x00-\x7f]/g, (c) => ASCII[c] ?? '').toLowerCase();

export interface GenerateOptions {
  people: number;
  weeks: number;
  seed: number;
}

export function generateSyncOrg({ people: count, weeks, seed }: GenerateOptions): SyncOrg {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const zoneTotal = ZONES.reduce((n, z) => n + z.weight, 0);
  const pickZone = (): string => {
    let r = rand() * zoneTotal;
    for (const z of ZONES) if ((r -= z.weight) < 0) return z.iana;
    return ZONES[0].iana;
  };
  const fromMs = START_DAY_MS;
  const toMs = START_DAY_MS + weeks * 7 * DAY_MS;
  /** A wall time (day of the window, minutes after midnight) in `zone` as a UTC instant. */
  const at = (day: number, minute: number, zone: string) => wallToUtcMs(START_DAY_MS + day * DAY_MS + minute * MINUTE_MS, zone);

  // People and teams: teams of 8 with a home zone, 15% working remotely from another; teams linked in pairs.
  const teams: OrgTeam[] = [];
  const people: OrgPerson[] = [];
  const usedEmails = new Set<string>();
  for (let t = 0; t * 8 < count; t++) {
    const zone = pickZone();
    const team: OrgTeam = {
      i: t,
      id: `t${t + 1}`,
      name: `${TEAM_NAMES[t % TEAM_NAMES.length]}${t >= TEAM_NAMES.length ? ` ${Math.floor(t / TEAM_NAMES.length) + 1}` : ''}`,
      zone,
      members: [],
      lead: t * 8,
      noMeetingDay: rand() < 0.3 ? pick([3, 5]) : null,
      linked: t ^ 1,
    };
    teams.push(team);
    for (let k = 0; k < 8 && t * 8 + k < count; k++) {
      const i = t * 8 + k;
      const name = `${pick(FIRST)} ${pick(LAST)}`;
      let email = `${slug(name).replace(' ', '.')}@example.com`;
      if (usedEmails.has(email)) email = email.replace('@', `.${i}@`);
      usedEmails.add(email);
      people.push({ i, email, name, zone: k > 0 && rand() < 0.15 ? pickZone() : zone, team: t });
      team.members.push(i);
    }
  }
  for (const team of teams) if (team.linked >= teams.length) team.linked = team.i === 0 ? 0 : team.i - 1;

  const meetings: Meeting[] = [];
  const calendars: number[][] = people.map(() => []);
  const personal = people.map(() => ({ standup: -1, focus: -1, lunch: -1, oneOffs: [] as number[] }));

  const responseOf = (): Response => {
    const r = rand();
    return r < 0.7 ? 'accepted' : r < 0.78 ? 'tentative' : r < 0.9 ? 'needsAction' : 'declined';
  };
  const descriptionOf = (): DescriptionKind => {
    const r = rand();
    return r < 0.45 ? 'agenda' : r < 0.85 ? 'boilerplate' : 'none';
  };
  const add = (m: Omit<Meeting, 'n'>): Meeting => {
    const meeting = { ...m, n: meetings.length };
    meetings.push(meeting);
    for (const a of meeting.attendees) calendars[a].push(meeting.n);
    return meeting;
  };

  /** Instances of a weekly or monthly series from week 0, at `minute` in `zone`, with moved and cancelled ones. */
  const seriesInstances = (pattern: Pattern, minute: number, durationMin: number, zone: string, phase = 0): Instance[] => {
    const out: Instance[] = [];
    const push = (day: number) => {
      const originalMs = at(day, minute, zone);
      const r = rand();
      let startMs = originalMs;
      if (r < 0.03) startMs = minute + 120 <= 18 * 60 ? originalMs + 2 * HOUR_MS : originalMs + DAY_MS; // moved
      out.push({ originalMs, startMs, endMs: startMs + durationMin * MINUTE_MS, cancelled: r >= 0.03 && r < 0.05 });
    };
    const lastWeek = pattern.endWeek ?? weeks - 1;
    if (pattern.type === 'weekly') {
      for (let w = 0; w <= lastWeek; w++) {
        if ((w + phase) % pattern.interval !== 0) continue;
        for (const d of pattern.days) push(w * 7 + d - 1);
      }
    } else {
      // First Thursday (or pattern day) of each month in the window.
      for (let day = 0; day < weeks * 7; day++) {
        const date = new Date(START_DAY_MS + day * DAY_MS);
        const iso = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
        if (iso === pattern.days[0] && date.getUTCDate() <= 7) push(day);
      }
    }
    return out;
  };
  const seriesCreated = () => START_DAY_MS - int(20, 200) * DAY_MS;
  const base = {
    room: null,
    external: null,
    eventType: 'default' as const,
    transparent: false,
    private: false,
    allDay: null,
  };

  for (const team of teams) {
    const members = team.members;
    const lead = team.lead;
    const workdays = [1, 2, 3, 4, 5].filter((d) => d !== team.noMeetingDay);
    const groupResponses = (list: number[]) => list.map((a, k) => (k === 0 ? 'accepted' : rand() < 0.05 ? 'declined' : rand() < 0.1 ? 'tentative' : 'accepted') as Response);
    // Daily stand-up.
    const standupPattern: Pattern = { type: 'weekly', interval: 1, days: workdays };
    const standup = add({
      ...base, kind: 'series', title: `${team.name} stand-up`, description: 'boilerplate', organizer: lead, attendees: members,
      responses: groupResponses(members), personal: false, zone: team.zone, createdMs: seriesCreated(), updatedMs: START_DAY_MS - 10 * DAY_MS,
      pattern: standupPattern, instances: seriesInstances(standupPattern, 9 * 60 + 30, 15, team.zone),
    });
    for (const m of members) personal[m].standup = standup.n;
    // Weekly team sync.
    const syncPattern: Pattern = { type: 'weekly', interval: 1, days: [pick(workdays)] };
    add({
      ...base, kind: 'series', title: `${team.name} weekly sync`, description: 'agenda', organizer: lead, attendees: members,
      responses: groupResponses(members), personal: false, zone: team.zone, createdMs: seriesCreated(), updatedMs: START_DAY_MS - 5 * DAY_MS,
      pattern: syncPattern, instances: seriesInstances(syncPattern, 14 * 60, 60, team.zone), room: `room-${team.id}@example.com`,
    });
    // Biweekly 1:1s with the lead; some end mid-window.
    for (const m of members.slice(1)) {
      const pattern: Pattern = { type: 'weekly', interval: 2, days: [pick(workdays)], ...(rand() < 0.1 && weeks >= 4 ? { endWeek: Math.floor(weeks * 0.6) } : {}) };
      add({
        ...base, kind: 'series', title: `${people[lead].name.split(' ')[0]} / ${people[m].name.split(' ')[0]} 1:1`, description: rand() < 0.5 ? 'agenda' : 'none',
        organizer: lead, attendees: [lead, m], responses: ['accepted', 'accepted'], personal: false, zone: team.zone, createdMs: seriesCreated(),
        updatedMs: START_DAY_MS - 30 * DAY_MS, pattern, instances: seriesInstances(pattern, int(10, 16) * 60, 30, team.zone, m % 2),
      });
    }
    // Cross-team sync with the linked team (once per pair): both leads and two members of each.
    if (team.linked > team.i) {
      const other = teams[team.linked];
      const attendees = [lead, ...members.slice(1, 3), other.lead, ...other.members.slice(1, 3)];
      const pattern: Pattern = { type: 'weekly', interval: rand() < 0.5 ? 1 : 2, days: [pick([2, 3, 4])] };
      add({
        ...base, kind: 'series', title: `${team.name} x ${other.name}`, description: 'agenda', organizer: lead, attendees,
        responses: groupResponses(attendees), personal: false, zone: team.zone, createdMs: seriesCreated(), updatedMs: START_DAY_MS - 3 * DAY_MS,
        pattern, instances: seriesInstances(pattern, 16 * 60, 45, team.zone),
      });
    }
  }
  // Monthly all-hands per department (6 teams), first Thursday.
  for (let d = 0; d * 6 < teams.length; d++) {
    const deptTeams = teams.slice(d * 6, d * 6 + 6);
    const attendees = deptTeams.flatMap((t) => t.members);
    const pattern: Pattern = { type: 'relativeMonthly', interval: 1, days: [4], index: 'first' };
    add({
      ...base, kind: 'series', title: 'Department all-hands', description: 'agenda', organizer: deptTeams[0].lead, attendees,
      responses: attendees.map((_, k) => (k === 0 ? 'accepted' : responseOf())), personal: false, zone: deptTeams[0].zone,
      createdMs: seriesCreated(), updatedMs: START_DAY_MS - 40 * DAY_MS, pattern, instances: seriesInstances(pattern, 17 * 60, 60, deptTeams[0].zone),
    });
  }
  // Personal series: focus time (Tue-Thu) and lunch (Mon-Fri, free).
  for (const p of people) {
    const focusPattern: Pattern = { type: 'weekly', interval: 1, days: [2, 3, 4] };
    personal[p.i].focus = add({
      ...base, kind: 'series', title: 'Focus time', description: 'none', organizer: p.i, attendees: [p.i], responses: ['accepted'], personal: true,
      zone: p.zone, eventType: 'focusTime', createdMs: seriesCreated(), updatedMs: START_DAY_MS - 60 * DAY_MS,
      pattern: focusPattern, instances: seriesInstances(focusPattern, 13 * 60, 120, p.zone),
    }).n;
    const lunchPattern: Pattern = { type: 'weekly', interval: 1, days: [1, 2, 3, 4, 5] };
    personal[p.i].lunch = add({
      ...base, kind: 'series', title: 'Lunch', description: 'none', organizer: p.i, attendees: [p.i], responses: ['accepted'], personal: true,
      zone: p.zone, transparent: true, createdMs: seriesCreated(), updatedMs: START_DAY_MS - 90 * DAY_MS,
      pattern: lunchPattern, instances: seriesInstances(lunchPattern, 12 * 60, 45, p.zone),
    }).n;
  }
  // One-off meetings: each person organises 1 to 5 a week with 1 to 6 guests from their team or the linked one.
  for (const p of people) {
    const team = teams[p.team];
    const pool = [...team.members, ...teams[team.linked].members].filter((x) => x !== p.i);
    for (let w = 0; w < weeks; w++) {
      for (let k = int(1, 5); k > 0; k--) {
        const guests = new Set<number>();
        for (let g = int(1, 6); g > 0 && pool.length > 0; g--) guests.add(pick(pool));
        const attendees = [p.i, ...guests];
        const day = w * 7 + int(0, 4);
        const startMs = at(day, int(18, 33) * 30, p.zone);
        const durationMin = pick([25, 30, 45, 50, 60]);
        const createdMs = rand() < 0.08 ? startMs - int(1, 20) * HOUR_MS : startMs - int(1, 30) * DAY_MS;
        add({
          ...base, kind: 'single', title: pick(TOPICS), description: descriptionOf(), organizer: p.i, attendees,
          responses: attendees.map((_, j) => (j === 0 ? 'accepted' : responseOf())), personal: false, zone: p.zone,
          room: rand() < 0.1 ? `room-${team.id}@example.com` : null, external: rand() < 0.05 ? 'partner@customer.example' : null,
          transparent: rand() < 0.02, private: rand() < 0.04, createdMs, updatedMs: createdMs + HOUR_MS, pattern: null,
          instances: [{ originalMs: startMs, startMs, endMs: startMs + durationMin * MINUTE_MS, cancelled: false }],
        });
      }
    }
    // Personal one-offs: every other week (at least one), an appointment (private) or a prep block.
    for (let w = weeks > 1 ? p.i % 2 : 0; w < weeks; w += 2) {
      const startMs = at(w * 7 + int(0, 4), int(16, 33) * 30, p.zone);
      const appointment = rand() < 0.5;
      personal[p.i].oneOffs.push(add({
        ...base, kind: 'single', title: appointment ? 'Doctor appointment' : 'Prep: quarterly plan', description: 'none', organizer: p.i,
        attendees: [p.i], responses: ['accepted'], personal: true, zone: p.zone, private: appointment,
        createdMs: startMs - 7 * DAY_MS, updatedMs: startMs - 7 * DAY_MS, pattern: null,
        instances: [{ originalMs: startMs, startMs, endMs: startMs + int(1, 3) * 30 * MINUTE_MS, cancelled: false }],
      }).n);
    }
    // Out of office: a quarter of the people take 1 to 5 weekdays off (never the window's first day).
    if (rand() < 0.25) {
      const w = int(0, weeks - 1);
      const first = int(w === 0 ? 2 : 1, 5);
      const last = Math.min(5, first + int(0, 4));
      const startDay = START_DAY_MS + (w * 7 + first - 1) * DAY_MS;
      const endDay = START_DAY_MS + (w * 7 + last) * DAY_MS;
      add({
        ...base, kind: 'allday', title: 'Out of office', description: 'none', organizer: p.i, attendees: [p.i], responses: ['accepted'],
        personal: true, zone: p.zone, eventType: 'outOfOffice', createdMs: startDay - 20 * DAY_MS, updatedMs: startDay - 20 * DAY_MS,
        pattern: null, allDay: { startDay, endDay },
        instances: [{ originalMs: wallToUtcMs(startDay, p.zone), startMs: wallToUtcMs(startDay, p.zone), endMs: wallToUtcMs(endDay, p.zone), cancelled: false }],
      });
    }
  }
  // A team offsite (all-day, a Wednesday mid-window) for every third team.
  for (const team of teams) {
    if (team.i % 3 !== 0) continue;
    const w = Math.floor(weeks / 2);
    const startDay = START_DAY_MS + (w * 7 + 2) * DAY_MS;
    add({
      ...base, kind: 'allday', title: `${team.name} offsite`, description: 'agenda', organizer: team.lead, attendees: team.members,
      responses: team.members.map((_, k) => (k === 0 ? 'accepted' : responseOf())), personal: false, zone: team.zone, transparent: true,
      createdMs: startDay - 30 * DAY_MS, updatedMs: startDay - 30 * DAY_MS, pattern: null, allDay: { startDay, endDay: startDay + DAY_MS },
      instances: [{ originalMs: wallToUtcMs(startDay, team.zone), startMs: wallToUtcMs(startDay, team.zone), endMs: wallToUtcMs(startDay + DAY_MS, team.zone), cancelled: false }],
    });
  }

  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { seed, people, teams, meetings, calendars, weeks, fromMs, toMs, from: iso(fromMs), to: iso(toMs), personal };
}

const inWindow = (org: SyncOrg, ms: number) => ms >= org.fromMs && ms < org.toMs;

/** The first instance at or after mid-window that starts (and started) inside the window, unmoved and not cancelled. */
function pickInstance(org: SyncOrg, m: Meeting): number {
  const mid = org.fromMs + Math.floor(org.weeks / 2) * 7 * DAY_MS;
  let found = m.instances.findIndex((x) => x.originalMs >= mid && x.startMs === x.originalMs && !x.cancelled && inWindow(org, x.startMs + DAY_MS) && inWindow(org, x.startMs - DAY_MS));
  if (found < 0) found = m.instances.findIndex((x) => x.startMs === x.originalMs && !x.cancelled && inWindow(org, x.startMs));
  if (found < 0) throw new Error(`no instance of meeting ${m.n} (${m.title}) to change`);
  return found;
}

/** The incremental round's changes for every person; the added one-offs get meeting numbers after the org's. */
export function chooseChanges(org: SyncOrg): PersonChanges[] {
  let next = org.meetings.length;
  return org.people.map((p) => {
    const mine = org.personal[p.i];
    const focus = org.meetings[mine.focus];
    const moveIndex = pickInstance(org, focus);
    const moved = focus.instances[moveIndex];
    const edited = org.meetings[mine.oneOffs[mine.oneOffs.length - 1]].instances[0];
    const addStart = wallToUtcMs(START_DAY_MS + ((org.weeks - 1) * 7 + 2) * DAY_MS + 8 * HOUR_MS, p.zone);
    const add: Meeting = {
      n: next++, kind: 'single', title: 'Dentist', description: 'none', organizer: p.i, attendees: [p.i], responses: ['accepted'], personal: true,
      room: null, external: null, zone: p.zone, eventType: 'default', transparent: false, private: true, createdMs: org.toMs - 3 * DAY_MS,
      updatedMs: org.toMs - 3 * DAY_MS, pattern: null, allDay: null,
      instances: [{ originalMs: addStart, startMs: addStart, endMs: addStart + HOUR_MS, cancelled: false }],
    };
    return {
      decline: { meeting: mine.standup, instance: pickInstance(org, org.meetings[mine.standup]) },
      move: { meeting: mine.focus, instance: moveIndex, startMs: moved.startMs + HOUR_MS, endMs: moved.endMs + HOUR_MS },
      cancel: { meeting: mine.lunch, instance: pickInstance(org, org.meetings[mine.lunch]) },
      edit: { meeting: mine.oneOffs[mine.oneOffs.length - 1], startMs: edited.startMs + 30 * MINUTE_MS, endMs: edited.endMs + 30 * MINUTE_MS, title: 'Prep: quarterly plan (moved)' },
      add,
    };
  });
}

/** roster.yaml in the config loader's shape. */
export function rosterYaml(org: SyncOrg): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = ['defaults: { workingHours: { days: [Mon, Tue, Wed, Thu, Fri], start: "09:00", end: "17:00" } }', 'people:'];
  for (const p of org.people) lines.push(`  - { email: ${q(p.email)}, name: ${q(p.name)}, timeZone: ${q(p.zone)}, teams: [${org.teams[p.team].id}] }`);
  lines.push('teams:');
  const day = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
  for (const t of org.teams) {
    lines.push(`  - { id: ${t.id}, name: ${q(t.name)}, leads: [${q(org.people[t.lead].email)}]${t.noMeetingDay ? `, noMeetingDay: ${day[t.noMeetingDay]}` : ''} }`);
  }
  return lines.join('\n') + '\n';
}

/** What the store must hold after a sync: per person, `uid NUL instanceStartMs` -> startMs (occurrences starting in the window). */
export type ExpectedStore = Map<string, Map<string, number>>;
export const rowKey = (uid: string, instanceStartMs: number): string => `${uid}\u0000${instanceStartMs}`;

/** One stored row the incremental round must have changed (or removed). */
export interface RowCheck {
  email: string;
  what: 'decline' | 'move' | 'cancel' | 'edit' | 'add';
  key: string;
  absent?: boolean;
  startMs?: number;
  title?: string;
  selfResponse?: string;
}

/** Sets or removes an expected row when its start is in the window (a row outside it is never stored). */
export function expectRow(org: SyncOrg, expected: ExpectedStore, email: string, key: string, startMs: number | null, windowStartMs = startMs): void {
  let mine = expected.get(email);
  if (!mine) expected.set(email, (mine = new Map()));
  if (startMs === null || windowStartMs === null || windowStartMs < org.fromMs || windowStartMs >= org.toMs) mine.delete(key);
  else mine.set(key, startMs);
}
