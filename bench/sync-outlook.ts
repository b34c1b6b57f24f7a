/**
 * The sync benchmark's organisation as Microsoft Graph sees it: every person's mailbox as
 * `calendarView/delta` returns it with `Prefer: outlook.timezone="UTC"` (plain occurrences carry only
 * id, seriesMasterId, type, start and end; exceptions and single instances every field; series masters
 * only through GET /users/{id}/events/{id}), loaded into the test fake (test/connectors/outlook/fake-graph.ts),
 * and the incremental round's changes (upsert, remove). Alongside, what the store must hold afterwards,
 * by the connector's rules (src/connectors/outlook/sync.ts, map-event.ts): uid = the item id, keyed by
 * the original start (exceptions) or the start; an all-day item is in the window when its date's
 * midnight in the person's zone is.
 *
 * Item ids are per mailbox, as in Exchange; iCalUId is the meeting's, the same in every mailbox. An
 * instance the organizer cancelled is gone from the organizer's calendar and an `isCancelled`
 * exception in each attendee's, until they remove it.
 */
import type { GraphAttendee, GraphEvent, GraphMailboxSettings } from '../src/connectors/outlook/graph-types.js';
import { wallToUtcMs } from '../src/model/time.js';
import { FakeGraph } from '../test/connectors/outlook/fake-graph.js';
import { expectRow, rowKey, windowsZoneOf, type ExpectedStore, type Instance, type Meeting, type PersonChanges, type Response, type RowCheck, type SyncOrg } from './sync-org.js';

/** Graph items carry many more fields than the connector reads; they are sent all the same. */
type Item = GraphEvent & Record<string, unknown>;

const TEAMS = '________________________________________________________________________________\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room device\nClick here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0>\nMeeting ID: 312 555 018 44\nPasscode: 7xQ9hz\n________________________________________________________________________________';
const AGENDA = 'Agenda:\n1. Status since last time\n2. Decisions needed\n3. Next steps and owners\nNote taker: rotating\n\n';
const GRAPH_RESPONSE = { accepted: 'accepted', tentative: 'tentativelyAccepted', needsAction: 'notResponded', declined: 'declined' } as const;
const DAY_NAMES = ['', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "2025-01-06T08:30:00.0000000", UTC (the Prefer header asks for UTC). */
const graphTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}.0000000`;
const stamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}.0000000Z`;
const itemId = (p: number, n: number) => `AAMkAGI2TG93AAABEgAQ${Buffer.from(`mailbox${p}/item${n}`).toString('base64url').padEnd(40, 'A')}`;
const occurrenceId = (master: string, originalMs: number) => `${master}_${new Date(originalMs).toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;

export class OutlookOrgView {
  constructor(private readonly org: SyncOrg) {}

  private person = (i: number) => this.org.people[i];

  private attendees(m: Meeting, owner: number, response?: Response): GraphAttendee[] {
    if (m.personal) return [];
    const list: GraphAttendee[] = m.attendees.map((a, k) => ({
      type: 'required',
      status: { response: k === 0 ? 'none' : GRAPH_RESPONSE[a === owner && response ? response : m.responses[k]], time: '0001-01-01T00:00:00Z' },
      emailAddress: { name: this.person(a).name, address: this.person(a).email },
    }));
    if (m.room) list.push({ type: 'resource', status: { response: 'accepted', time: stamp(m.createdMs) }, emailAddress: { name: 'Room', address: m.room } });
    if (m.external) list.push({ type: 'optional', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Partner', address: m.external } });
    return list;
  }

  /** Every field of the meeting as the owner's mailbox holds it (an exception, a single instance or a master). */
  private full(m: Meeting, owner: number, id: string, response?: Response): Item {
    const organizer = this.person(m.organizer);
    const mine = m.organizer === owner;
    const answer = mine ? 'organizer' : GRAPH_RESPONSE[response ?? m.responses[m.attendees.indexOf(owner)]];
    const content = m.description === 'none' ? '' : m.description === 'agenda' ? AGENDA + TEAMS : TEAMS;
    const zone = windowsZoneOf(m.zone);
    return {
      '@odata.type': '#microsoft.graph.event',
      '@odata.etag': `W/"DwAAABYAAAC9YbapXssvT4RTG13UUr6AAA${m.n}"`,
      id,
      createdDateTime: stamp(m.createdMs),
      lastModifiedDateTime: stamp(m.updatedMs),
      changeKey: `DwAAABYAAAC9YbapXssvT4RTG13UUr6AAA${m.n}`,
      categories: [],
      transactionId: null,
      originalStartTimeZone: zone,
      originalEndTimeZone: zone,
      iCalUId: `040000008200E00074C5B7101A82E008000000000${m.n.toString(16).padStart(12, '0')}0100000000000000001000000093A1C2B3D4E5F6`,
      reminderMinutesBeforeStart: 15,
      isReminderOn: !m.personal,
      hasAttachments: m.description === 'agenda' && m.n % 5 === 0,
      subject: m.title,
      bodyPreview: content.slice(0, 255),
      importance: 'normal',
      sensitivity: m.private ? 'private' : 'normal',
      isAllDay: m.allDay !== null,
      isCancelled: false,
      isOrganizer: mine,
      responseRequested: !m.personal,
      seriesMasterId: null,
      showAs: m.eventType === 'outOfOffice' ? 'oof' : m.transparent || (answer === 'declined') ? 'free' : answer === 'tentativelyAccepted' ? 'tentative' : 'busy',
      type: 'singleInstance',
      webLink: `https://outlook.office365.com/owa/?itemid=${id}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: m.description !== 'none',
      onlineMeetingProvider: m.description !== 'none' ? 'teamsForBusiness' : 'unknown',
      allowNewTimeProposals: true,
      isDraft: false,
      hideAttendees: false,
      recurrence: null,
      responseStatus: { response: answer, time: stamp(m.updatedMs) },
      body: { contentType: 'text', content },
      location: m.room ? { displayName: 'Room', locationType: 'conferenceRoom', uniqueId: m.room, uniqueIdType: 'directory' } : { displayName: '', locationType: 'default', uniqueIdType: 'unknown' },
      attendees: this.attendees(m, owner, response),
      organizer: { emailAddress: { name: organizer.name, address: organizer.email } },
    };
  }

  private times(m: Meeting, startMs: number, endMs: number): Pick<GraphEvent, 'start' | 'end'> {
    // All-day items are midnight to midnight whatever the Prefer zone.
    if (m.allDay) return { start: { dateTime: graphTime(m.allDay.startDay), timeZone: 'UTC' }, end: { dateTime: graphTime(m.allDay.endDay), timeZone: 'UTC' } };
    return { start: { dateTime: graphTime(startMs), timeZone: 'UTC' }, end: { dateTime: graphTime(endMs), timeZone: 'UTC' } };
  }

  private master(m: Meeting, owner: number, id: string): Item {
    const first = m.instances[0];
    const pattern = m.pattern!;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return {
      ...this.full(m, owner, id),
      type: 'seriesMaster',
      ...this.times(m, first.originalMs, first.originalMs + (first.endMs - first.startMs)),
      recurrence: {
        pattern: { type: pattern.type, interval: pattern.interval, month: 0, dayOfMonth: 0, daysOfWeek: pattern.days.map((d) => DAY_NAMES[d]), firstDayOfWeek: 'sunday', index: pattern.index ?? 'first' },
        range: pattern.endWeek !== undefined
          ? { type: 'endDate', startDate: iso(m.createdMs), endDate: iso(this.org.fromMs + (pattern.endWeek * 7 + 6) * 86_400_000), recurrenceTimeZone: windowsZoneOf(m.zone), numberOfOccurrences: 0 }
          : { type: 'noEnd', startDate: iso(m.createdMs), endDate: '0001-01-01', recurrenceTimeZone: windowsZoneOf(m.zone), numberOfOccurrences: 0 },
      },
    };
  }

  /** An instance of a series: a bare occurrence, or an exception (moved or cancelled) with every field. */
  private instance(m: Meeting, owner: number, masterId: string, x: Instance, response?: Response): Item | null {
    const id = occurrenceId(masterId, x.originalMs);
    const exception = x.cancelled || x.startMs !== x.originalMs || response !== undefined;
    if (x.cancelled && m.organizer === owner) return null; // the organizer's copy is deleted
    if (!exception) return { '@odata.type': '#microsoft.graph.event', '@odata.etag': `W/"DwAAABYAAAC9YbapXssvT4RTG13UUr6AAB${m.n}"`, id, seriesMasterId: masterId, type: 'occurrence', ...this.times(m, x.startMs, x.endMs) };
    return {
      ...this.full(m, owner, id, response),
      seriesMasterId: masterId,
      type: 'exception',
      isCancelled: x.cancelled,
      ...(x.cancelled ? { subject: `Canceled: ${m.title}`, showAs: 'free' } : {}),
      originalStart: `${new Date(x.originalMs).toISOString().slice(0, 19)}Z`,
      ...this.times(m, x.startMs, x.endMs),
    };
  }

  /** The start the store keeps, and the instant the window test uses (all-day: the date's midnight in the person's zone). */
  private stored(m: Meeting, x: Instance, owner: number): { start: number; windowStart: number } {
    if (!m.allDay) return { start: x.startMs, windowStart: x.startMs };
    return { start: m.allDay.startDay, windowStart: wallToUtcMs(m.allDay.startDay, this.person(owner).zone) };
  }

  /** Person `p`'s mailbox, and what the store must hold for it. */
  mailbox(p: number, expected: ExpectedStore): { instances: GraphEvent[]; masters: Record<string, GraphEvent>; settings: GraphMailboxSettings } {
    const instances: GraphEvent[] = [];
    const masters: Record<string, GraphEvent> = {};
    const email = this.person(p).email;
    expected.set(email, new Map());
    for (const n of this.org.calendars[p]) {
      const m = this.org.meetings[n];
      const id = itemId(p, n);
      if (m.kind === 'series') {
        if (m.instances.length === 0) continue; // no instance in the window: calendarView never names it
        masters[id] = this.master(m, p, id);
        for (const x of m.instances) {
          const item = this.instance(m, p, id, x);
          if (!item) continue;
          instances.push(item);
          // calendarView returns what overlaps the window; the connector keeps what starts in it.
          if (x.endMs > this.org.fromMs && x.startMs < this.org.toMs) expectRow(this.org, expected, email, rowKey(item.id, x.originalMs), x.startMs);
        }
      } else {
        const x = m.instances[0];
        instances.push({ ...this.full(m, p, id), ...this.times(m, x.startMs, x.endMs) });
        const { start, windowStart } = this.stored(m, x, p);
        expectRow(this.org, expected, email, rowKey(id, start), start, windowStart);
      }
    }
    const zone = windowsZoneOf(this.person(p).zone);
    const settings: GraphMailboxSettings = { timeZone: zone, workingHours: { daysOfWeek: DAY_NAMES.slice(1, 6), startTime: '09:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: zone } } };
    return { instances, masters, settings };
  }

  /** The incremental round for person `p`, applied to the fake; the new expected rows and the rows to check. */
  applyChanges(fake: FakeGraph, p: number, c: PersonChanges, expected: ExpectedStore, atMs: number): RowCheck[] {
    const email = this.person(p).email;
    const checks: RowCheck[] = [];
    const inWindow = (ms: number) => ms >= this.org.fromMs && ms < this.org.toMs;

    const standup = this.org.meetings[c.decline.meeting];
    const declined = standup.instances[c.decline.instance];
    const standupId = itemId(p, standup.n);
    const declinedItem = this.instance({ ...standup, updatedMs: atMs }, p, standupId, declined, 'declined')!;
    fake.upsert(email, declinedItem);
    // An organizer's own answer stays "organizer" whatever they set.
    checks.push({ email, what: 'decline', key: rowKey(declinedItem.id, declined.originalMs), startMs: declined.startMs, selfResponse: standup.organizer === p ? 'organizer' : 'declined' });

    const focus = this.org.meetings[c.move.meeting];
    const moved = focus.instances[c.move.instance];
    const movedItem = this.instance({ ...focus, updatedMs: atMs }, p, itemId(p, focus.n), { ...moved, startMs: c.move.startMs, endMs: c.move.endMs })!;
    fake.upsert(email, movedItem);
    expectRow(this.org, expected, email, rowKey(movedItem.id, moved.originalMs), c.move.startMs);
    checks.push({ email, what: 'move', key: rowKey(movedItem.id, moved.originalMs), startMs: c.move.startMs });

    const lunch = this.org.meetings[c.cancel.meeting];
    const cancelled = lunch.instances[c.cancel.instance];
    const lunchId = occurrenceId(itemId(p, lunch.n), cancelled.originalMs);
    fake.remove(email, lunchId);
    expectRow(this.org, expected, email, rowKey(lunchId, cancelled.originalMs), null);
    checks.push({ email, what: 'cancel', key: rowKey(lunchId, cancelled.originalMs), absent: true });

    const oneOff = this.org.meetings[c.edit.meeting];
    const before = oneOff.instances[0];
    const oneOffId = itemId(p, oneOff.n);
    fake.upsert(email, { ...this.full({ ...oneOff, title: c.edit.title, updatedMs: atMs }, p, oneOffId), ...this.times(oneOff, c.edit.startMs, c.edit.endMs) });
    expectRow(this.org, expected, email, rowKey(oneOffId, before.startMs), null);
    expectRow(this.org, expected, email, rowKey(oneOffId, c.edit.startMs), c.edit.startMs);
    if (inWindow(c.edit.startMs)) checks.push({ email, what: 'edit', key: rowKey(oneOffId, c.edit.startMs), startMs: c.edit.startMs, title: oneOff.private ? 'Private event' : c.edit.title });

    const added = c.add.instances[0];
    const addedId = itemId(p, c.add.n);
    fake.upsert(email, { ...this.full(c.add, p, addedId), ...this.times(c.add, added.startMs, added.endMs) });
    expectRow(this.org, expected, email, rowKey(addedId, added.startMs), added.startMs);
    checks.push({ email, what: 'add', key: rowKey(addedId, added.startMs), startMs: added.startMs, title: 'Private event' });
    return checks;
  }
}

/** The fake with every person's mailbox; `served` counts the calendarView items it holds, `masters` the series masters. */
export async function startOutlookOrgFake(org: SyncOrg): Promise<{ fake: FakeGraph; view: OutlookOrgView; expected: ExpectedStore; served: number; masters: number }> {
  const fake = await new FakeGraph().start();
  const view = new OutlookOrgView(org);
  const expected: ExpectedStore = new Map();
  let served = 0;
  let masters = 0;
  for (const p of org.people) {
    const box = view.mailbox(p.i, expected);
    served += box.instances.length;
    masters += Object.keys(box.masters).length;
    fake.setMailbox(p.email, box);
  }
  return { fake, view, expected, served, masters };
}
