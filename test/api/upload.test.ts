import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, SMALL_ORG_WINDOW, smallOrgExports, smallOrgRoster, type Harness } from './harness.js';

const ELIF = 'elif.ng@example.com';
const elifExport = () => smallOrgExports().find((e) => e.email === ELIF)!.bytes;

describe('api: .ics upload', () => {
  let h: Harness;
  let member: string;
  beforeAll(async () => {
    h = await createHarness({ maxUploadBytes: 64 * 1024 });
    expect((await h.call('/v1/roster', { method: 'PUT', type: 'application/yaml', body: smallOrgRoster() })).status).toBe(200);
    member = await h.token('member', { personEmail: ELIF });
  });

  it('imports an export sent as text/calendar and reports its counts', async () => {
    const { status, body } = await h.json(`/v1/people/${ELIF}/calendars/ics${SMALL_ORG_WINDOW}`, { method: 'POST', type: 'text/calendar', body: elifExport() });
    expect(status).toBe(201);
    expect(body.status).toBe('imported');
    expect(body.calendar).toBe('upload');
    // Local midnight in Elif's zone (Europe/Berlin): 2025-01-06T00:00+01:00.
    expect(body.window).toEqual({ from: '2025-01-05T23:00:00.000Z', to: '2025-01-26T23:00:00.000Z' });
    expect(body.counts.occurrences).toBeGreaterThan(20);
    expect(body.counts.meetings).toBeGreaterThan(10);
    expect(body.counts.removed).toBe(0);
    const stored = await h.store.listOccurrences({ people: [ELIF] });
    expect(stored).toHaveLength(body.counts.occurrences);
  });

  it('changes nothing when the same export is uploaded again', async () => {
    const before = await h.store.getDataVersion();
    const imports = (await h.store.listImports(ELIF)).length;
    const { status, body } = await h.json(`/v1/people/${ELIF}/calendars/ics${SMALL_ORG_WINDOW}`, { method: 'POST', type: 'text/calendar', body: elifExport() });
    expect(status).toBe(200);
    expect(body.status).toBe('unchanged');
    expect(await h.store.getDataVersion()).toBe(before);
    expect((await h.store.listImports(ELIF)).length).toBe(imports);
  });

  it('replaces the calendar inside the window when a newer export arrives', async () => {
    const all = await h.store.listOccurrences({ people: [ELIF] });
    // A newer export that lost every event after the first week.
    const text = elifExport().toString('utf8');
    const firstWeekOnly = await h.json(`/v1/people/${ELIF}/calendars/ics?from=2025-01-13&to=2025-01-27`, {
      method: 'POST',
      type: 'text/calendar',
      body: text.replace(/BEGIN:VEVENT[\s\S]*?END:VEVENT\r?\n/g, ''),
    });
    expect(firstWeekOnly.status).toBe(201);
    const after = await h.store.listOccurrences({ people: [ELIF] });
    const cut = Date.UTC(2025, 0, 12, 23);
    expect(firstWeekOnly.body.counts.removed).toBe(all.filter((o) => o.startMs >= cut).length);
    expect(after).toEqual(all.filter((o) => o.startMs < cut)); // the first week, outside the new window, is untouched
  });

  it('takes a multipart upload, naming the calendar after the file', async () => {
    const form = new FormData();
    form.append('file', new File([readFileSync('fixtures/ics/rrule_count.ics')], 'work.ics', { type: 'text/calendar' }));
    const { status, body } = await h.json(`/v1/people/${ELIF}/calendars/ics?from=2023-01-01&to=2027-01-01`, { method: 'POST', body: form });
    expect(status).toBe(201);
    expect(body.calendar).toBe('work.ics');
    expect((await h.store.listCalendars(ELIF)).map((c) => c.externalId).sort()).toEqual(['upload', 'work.ics']);
  });

  it('answers 422 with the file and line when the body is not iCalendar', async () => {
    const { status, body } = await h.json(`/v1/people/${ELIF}/calendars/ics`, { method: 'POST', type: 'text/calendar', body: 'hello\nthis is not a calendar\n' });
    expect(status).toBe(422);
    expect(body.error.code).toBe('not-icalendar');
    expect(body.error.message).toMatch(/upload/);
  });

  it('keeps the good events of a file with one broken event, with a warning naming the line', async () => {
    const broken = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:good@x',
      'DTSTART:20250107T100000Z',
      'DTEND:20250107T103000Z',
      'SUMMARY:Good',
      'ORGANIZER:mailto:elif.ng@example.com',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:mei.fischer@example.com',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:bad@x',
      'DTSTART:not-a-date',
      'SUMMARY:Bad',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const { status, body } = await h.json(`/v1/people/${ELIF}/calendars/ics?from=2025-01-06&to=2025-01-13&calendar=broken`, {
      method: 'POST',
      type: 'text/calendar',
      body: broken,
    });
    expect(status).toBe(201);
    expect(body.counts.occurrences).toBe(1);
    expect(body.warnings).toEqual([expect.objectContaining({ location: 'broken:11' })]);
  });

  it('keeps events without a UID that start together (an Outlook web export), and lists every warning it counts', async () => {
    const file = 'fixtures/upload/node-ical__Office-2012-owa.ics'; // from ../shared/corpus/ics (node-ical)
    const { status, body } = await h.json(`/v1/people/${ELIF}/calendars/ics?from=2020-10-01&to=2021-01-01&calendar=owa`, {
      method: 'POST',
      type: 'text/calendar',
      body: readFileSync(file),
    });
    expect(status).toBe(201);
    expect(body.warnings).toHaveLength(body.counts.warnings);
    const stored = (await h.store.listOccurrences({ people: [ELIF] })).filter((o) => o.origin.startsWith('owa:'));
    expect(stored).toHaveLength(body.counts.occurrences);
    // Two of its events have no UID and both start at 2020-11-02 18:30Z: both are kept.
    expect(stored.filter((o) => o.uid === '' && o.startMs === Date.parse('2020-11-02T18:30:00Z'))).toHaveLength(2);
  });

  it('answers 413 above the size limit and writes nothing', async () => {
    const before = await h.store.getDataVersion();
    const { status, body } = await h.json(`/v1/people/${ELIF}/calendars/ics`, { method: 'POST', type: 'text/calendar', body: 'X'.repeat(65 * 1024) });
    expect(status).toBe(413);
    expect(body.error.code).toBe('payload-too-large');
    expect(await h.store.getDataVersion()).toBe(before);
  });

  it('answers 415 for other content types and 400 for a bad window', async () => {
    const json = await h.json(`/v1/people/${ELIF}/calendars/ics`, { method: 'POST', type: 'application/json', body: '{}' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('unsupported-media-type');
    const window = await h.json(`/v1/people/${ELIF}/calendars/ics?from=2025-02-01&to=2025-01-01`, { method: 'POST', type: 'text/calendar', body: elifExport() });
    expect(window.status).toBe(400);
    const date = await h.json(`/v1/people/${ELIF}/calendars/ics?from=yesterday`, { method: 'POST', type: 'text/calendar', body: elifExport() });
    expect(date.status).toBe(400);
    expect(date.body.error.message).toMatch(/yesterday/);
  });

  it('lets a member upload their own export only; leaders cannot upload', async () => {
    const own = await h.call(`/v1/people/${ELIF}/calendars/ics${SMALL_ORG_WINDOW}&calendar=mine`, { token: member, method: 'POST', type: 'text/calendar', body: elifExport() });
    expect(own.status).toBe(201);
    const other = await h.json(`/v1/people/mei.fischer@example.com/calendars/ics`, { token: member, method: 'POST', type: 'text/calendar', body: elifExport() });
    expect(other.status).toBe(403);
    const leader = await h.token('leader', { teamId: 't1' });
    expect((await h.call(`/v1/people/${ELIF}/calendars/ics`, { token: leader, method: 'POST', type: 'text/calendar', body: elifExport() })).status).toBe(403);
  });

  it('never stores or returns the title of a private event', async () => {
    const res = await h.json(`/v1/people/${ELIF}/calendars/ics?from=2023-01-01&to=2027-01-01&calendar=private`, {
      method: 'POST',
      type: 'text/calendar',
      body: readFileSync('fixtures/ics/class_private.ics'),
    });
    expect(res.status).toBe(201);
    const stored = (await h.store.listOccurrences({ people: [ELIF] })).filter((o) => o.isPrivate);
    expect(stored.length).toBeGreaterThan(0);
    for (const o of stored) {
      expect(o.title).toBe('Private event');
      expect(o.agenda.text).toBe('');
    }
  });
});
