/**
 * The Store contract: the same assertions for every implementation (better-sqlite3 now, D1 later).
 * Written only against the Store interface; `createStore` must return a migrated, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Occurrence } from '../../src/model/occurrence.js';
import type { CalendarSync, Store } from '../../src/storage/store.js';
import {
  ANA,
  BO,
  CY,
  DAY,
  DEE,
  HOUR,
  W0,
  WEEK,
  baselineInput,
  calendarImport,
  finding,
  gap,
  meeting,
  orgSettings,
  person,
  personWeek,
  sampleRoster,
  seriesSummary,
  team,
  tokenInput,
  weekly,
} from './builders.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** What the store hands back for an occurrence imported onto `owner`'s calendar. */
const stored = (o: Occurrence, owner: string) => ({ ...o, ownerEmail: owner });

export function describeStoreContract(name: string, createStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await createStore();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('a new store', () => {
      it('is empty, at data version 0, with no analysis', async () => {
        expect(await store.isEmpty()).toBe(true);
        expect(await store.getDataVersion()).toBe(0);
        expect(await store.getAnalysisVersion()).toBeNull();
        const roster = await store.getRoster();
        expect(roster.people).toEqual([]);
        expect(roster.teams).toEqual([]);
        expect(roster.settings.minGroupSize).toBeGreaterThan(0);
        expect(roster.settings.definitions.version).toMatch(/\d/);
        expect(await store.listCalendars()).toEqual([]);
        expect(await store.listImports()).toEqual([]);
        expect(await store.listOccurrences()).toEqual([]);
        expect(await store.listCoverage()).toEqual([]);
        expect(await store.listFindings()).toEqual([]);
        expect(await store.listWeeks()).toEqual([]);
        expect(await store.listBaselines()).toEqual([]);
        expect(await store.listTokens()).toEqual([]);
      });

      it('migrates again without harm', async () => {
        await store.replaceRoster(sampleRoster());
        await store.migrate();
        expect((await store.getRoster()).people).toHaveLength(3);
      });
    });

    describe('roster', () => {
      it('stores people, teams (in order) and settings, and reads them back', async () => {
        const roster = sampleRoster();
        await store.replaceRoster(roster);
        expect(await store.getRoster()).toEqual(roster);
        expect(await store.isEmpty()).toBe(false);
        expect(await store.getDataVersion()).toBe(1);
        expect(await store.getPerson(BO)).toEqual(roster.people[1]);
        expect(await store.getTeam('core')).toEqual(roster.teams[0]);
        expect(await store.getTeam('ops')).toEqual(roster.teams[1]);
        expect(await store.getPerson('nobody@example.com')).toBeNull();
        expect(await store.getTeam('nope')).toBeNull();
      });

      it('replaces teams and settings but keeps people the new roster does not list', async () => {
        await store.replaceRoster(sampleRoster());
        const ana = person(ANA, { name: 'Ana A.', timeZone: 'Europe/Madrid', teams: ['web'] });
        const settings = orgSettings({ minGroupSize: 7, rules: {} });
        await store.replaceRoster({ people: [ana], teams: [team('web', [ANA], { leads: [DEE] })], settings });

        const roster = await store.getRoster();
        expect(roster.settings).toEqual(settings);
        expect(roster.teams).toEqual([team('web', [ANA], { leads: [DEE] })]);
        expect(await store.getTeam('core')).toBeNull();
        // Listed people first, in the roster's order; the others keep their data, minus the teams that are gone.
        expect(roster.people.map((p) => p.email)).toEqual([ANA, BO, CY, DEE]);
        expect(roster.people[0]).toEqual(ana);
        expect(await store.getPerson(BO)).toEqual({ ...sampleRoster().people[1], teams: [] });
        expect(await store.getPerson(CY)).toMatchObject({ name: 'Cy', timeZone: 'America/Chicago', teams: [] });
        // A lead nobody listed is created with the roster's defaults.
        expect(await store.getPerson(DEE)).toEqual({
          email: DEE,
          name: null,
          timeZone: 'Europe/Berlin',
          workingHours: settings.defaults.workingHours,
          humaneHours: settings.defaults.humaneHours,
          teams: [],
          hourlyRate: 90,
          region: 'EMEA',
        });
        expect(await store.getDataVersion()).toBe(2);
      });

      it('makes people who list a team its members', async () => {
        const roster = sampleRoster();
        roster.people.push(person(DEE, { teams: ['ops'] }));
        await store.replaceRoster(roster);
        expect((await store.getTeam('ops'))?.members).toEqual([CY, DEE]);
        expect((await store.getPerson(DEE))?.teams).toEqual(['ops']);
      });

      it('upserts one person, keeping their place and syncing their team memberships', async () => {
        await store.replaceRoster(sampleRoster());
        const v = await store.getDataVersion();
        const bo = person(BO, { name: 'Bo B.', timeZone: 'Asia/Tokyo', teams: ['ops'], hourlyRate: 75.5, region: 'APAC' });
        await store.upsertPerson(bo);
        expect(await store.getPerson(BO)).toEqual(bo);
        expect(await store.getDataVersion()).toBe(v + 1);
        expect((await store.getRoster()).people.map((p) => p.email)).toEqual([ANA, BO, CY]);
        expect((await store.getTeam('core'))?.members).toEqual([ANA]);
        expect((await store.getTeam('ops'))?.members).toEqual([CY, BO]);
        // Lead roles are not part of a person's teams and stay.
        await store.upsertPerson(person(ANA, { teams: [] }));
        expect(await store.getTeam('core')).toMatchObject({ members: [], leads: [ANA] });

        const dee = person(DEE, { teams: ['core'] });
        await store.upsertPerson(dee);
        expect(await store.getPerson(DEE)).toEqual(dee);
        expect((await store.getRoster()).people.map((p) => p.email)).toEqual([ANA, BO, CY, DEE]);
      });

      it('rejects a person in an unknown team and stores nothing', async () => {
        await store.replaceRoster(sampleRoster());
        const v = await store.getDataVersion();
        await expect(store.upsertPerson(person(DEE, { teams: ['nope'] }))).rejects.toMatchObject({ code: 'invalid-input' });
        expect(await store.getPerson(DEE)).toBeNull();
        expect(await store.getDataVersion()).toBe(v);
      });

      it('upserts one team, creating unknown members with defaults', async () => {
        await store.replaceRoster(sampleRoster());
        const v = await store.getDataVersion();
        const core = team('core', [BO, DEE], { name: 'Core', leads: [CY], noMeetingDay: null });
        await store.upsertTeam(core);
        expect(await store.getTeam('core')).toEqual(core);
        expect(await store.getPerson(DEE)).toMatchObject({ timeZone: 'Europe/Berlin', teams: ['core'], hourlyRate: 90 });
        expect((await store.getPerson(ANA))?.teams).toEqual([]);
        expect((await store.getRoster()).teams.map((t) => t.id)).toEqual(['core', 'ops']);

        const web = team('web', [ANA]);
        await store.upsertTeam(web);
        expect(await store.getTeam('web')).toEqual(web);
        expect((await store.getRoster()).teams.map((t) => t.id)).toEqual(['core', 'ops', 'web']);
        expect(await store.getDataVersion()).toBe(v + 2);
      });

      it('creates team members with built-in defaults when no roster was ever stored', async () => {
        await store.upsertTeam(team('solo', [DEE]));
        expect(await store.getPerson(DEE)).toEqual(person(DEE, { teams: ['solo'] }));
      });
    });

    describe('importCalendar', () => {
      const first = () => [
        meeting(ANA, '2025-01-07T09:00:00Z', { uid: 'kickoff' }),
        meeting(ANA, '2025-01-08T13:00:00Z', { uid: 'lunch', kind: 'excluded', excludedReason: 'ignored title', title: 'Lunch' }),
        ...weekly(ANA, 'weekly-1on1', '2025-01-07T15:00:00Z', 4),
        meeting(ANA, '2025-01-20T00:00:00Z', {
          uid: 'ooo',
          allDay: true,
          endMs: Date.parse('2025-01-22T00:00:00Z'),
          kind: 'out-of-office',
          timeZone: null,
          attendees: [],
          organizer: null,
          showAs: 'out-of-office',
          eventType: 'outOfOffice',
          agenda: { textLength: 0, text: '', attachmentCount: 0, hasNoteTaker: false },
          createdMs: null,
          lastModifiedMs: null,
        }),
      ];

      it('stores a first import and reads every field back', async () => {
        const occurrences = first();
        const warnings = [{ code: 'bad-line', location: 'ana.ics:7', message: 'VEVENT: bad DTSTART' }];
        const result = await store.importCalendar(calendarImport({ occurrences, warnings, syncState: null }));
        expect(result).toMatchObject({
          status: 'imported',
          counts: { occurrences: 7, meetings: 5, removed: 0, warnings: 1 },
        });
        expect(await store.getDataVersion()).toBe(1);
        expect(await store.isEmpty()).toBe(false);

        const listed = await store.listOccurrences();
        const expected = occurrences.map((o) => stored(o, ANA)).sort((a, b) => a.startMs - b.startMs || (a.uid < b.uid ? -1 : 1));
        expect(listed).toEqual(expected);

        const calendars = await store.listCalendars();
        expect(calendars).toEqual([
          { id: result.calendarId, source: 'ics', externalId: 'upload', ownerEmail: ANA, timeZone: 'Europe/Berlin', syncState: null, lastImportMs: calendarImport().atMs },
        ]);
        const imports = await store.listImports();
        expect(imports).toEqual([
          {
            id: result.importId,
            calendarId: result.calendarId,
            ownerEmail: ANA,
            actor: 'cli',
            atMs: calendarImport().atMs,
            fromMs: W0,
            toMs: W0 + 4 * WEEK,
            checksum: 'a'.repeat(64),
            counts: result.counts,
            warnings,
          },
        ]);
      });

      it('creates an unknown owner with defaults in the calendar zone', async () => {
        await store.importCalendar(calendarImport({ ownerEmail: DEE, timeZone: 'America/New_York' }));
        expect(await store.getPerson(DEE)).toEqual(person(DEE, { timeZone: 'America/New_York' }));
        await store.importCalendar(calendarImport({ ownerEmail: 'eve@example.com', timeZone: 'Not/AZone' }));
        expect(await store.getPerson('eve@example.com')).toEqual(person('eve@example.com', { timeZone: 'UTC' }));
      });

      it('does not touch a known owner', async () => {
        const roster = sampleRoster();
        await store.replaceRoster(roster);
        await store.importCalendar(calendarImport({ ownerEmail: CY, timeZone: 'Asia/Tokyo' }));
        expect(await store.getPerson(CY)).toEqual(roster.people[2]);
      });

      it('writes nothing for the same export twice', async () => {
        const input = calendarImport({ occurrences: first(), syncState: { token: 'a' } });
        const once = await store.importCalendar(input);
        const version = await store.getDataVersion();
        const calendars = await store.listCalendars();
        const occurrences = await store.listOccurrences();

        const twice = await store.importCalendar({ ...input, atMs: input.atMs + HOUR, actor: 'token:3', syncState: { token: 'b' } });
        expect(twice).toEqual({ ...once, status: 'unchanged' });
        expect(await store.getDataVersion()).toBe(version);
        expect(await store.listImports()).toHaveLength(1);
        expect(await store.listCalendars()).toEqual(calendars);
        expect(await store.listOccurrences()).toEqual(occurrences);
      });

      it('imports the same checksum again when the window differs', async () => {
        await store.importCalendar(calendarImport({ occurrences: first() }));
        const again = await store.importCalendar(calendarImport({ occurrences: first(), toMs: W0 + 5 * WEEK }));
        expect(again.status).toBe('imported');
        expect(await store.listImports()).toHaveLength(2);
        expect(await store.getDataVersion()).toBe(2);
      });

      it('replaces the occurrences inside a newer window and leaves the others alone', async () => {
        await store.importCalendar(calendarImport({ occurrences: first() }));
        // The newer export covers weeks 3-6: the weekly 1:1 moved to Wednesdays, the OOO was deleted.
        const newer = [
          ...weekly(ANA, 'weekly-1on1', '2025-01-22T15:00:00Z', 4, { title: '1:1 (moved)' }),
          meeting(ANA, '2025-02-05T10:00:00Z', { uid: 'planning', title: 'Planning' }),
        ];
        const result = await store.importCalendar(
          calendarImport({ occurrences: newer, fromMs: W0 + 2 * WEEK, toMs: W0 + 6 * WEEK, checksum: 'b'.repeat(64), atMs: calendarImport().atMs + DAY }),
        );
        // Gone from the window: the two old 1:1 instances of weeks 3 and 4 and the OOO.
        expect(result.counts).toEqual({ occurrences: 5, meetings: 5, removed: 3, warnings: 0 });

        const listed = await store.listOccurrences();
        const before = first().filter((o) => o.startMs < W0 + 2 * WEEK);
        expect(listed).toEqual([...before, ...newer].map((o) => stored(o, ANA)).sort((a, b) => a.startMs - b.startMs));
        expect(await store.listCalendars()).toHaveLength(1);
        expect((await store.listCalendars())[0].lastImportMs).toBe(calendarImport().atMs + DAY);
      });

      it('replaces an instance moved into the window from outside it', async () => {
        const series = weekly(ANA, 'standup', '2025-01-07T09:00:00Z', 3); // Jan 7, 14, 21
        await store.importCalendar(calendarImport({ occurrences: series.slice(0, 2), fromMs: W0, toMs: W0 + 2 * WEEK }));
        // Jan 14 is moved to Jan 16; the next export covers Jan 15 onward, so Jan 14 (its original start) is outside it.
        const moved = { ...series[1], startMs: Date.parse('2025-01-16T09:00:00Z'), endMs: Date.parse('2025-01-16T10:00:00Z'), title: 'Standup (moved)' };
        const result = await store.importCalendar(
          calendarImport({ occurrences: [moved, series[2]], fromMs: Date.parse('2025-01-15T00:00:00Z'), toMs: W0 + 4 * WEEK, checksum: 'c'.repeat(64) }),
        );
        expect(result.status).toBe('imported');
        const listed = await store.listOccurrences();
        expect(listed).toEqual([series[0], moved, series[2]].map((o) => stored(o, ANA)));
        expect(listed.filter((o) => o.recurrenceIdMs === series[1].recurrenceIdMs)).toHaveLength(1);
      });

      it('keeps two calendars of one person independent', async () => {
        const google = [meeting(ANA, '2025-01-09T10:00:00Z', { source: 'google', calendarId: 'primary', uid: 'g1' })];
        const ics = [meeting(ANA, '2025-01-09T10:00:00Z', { uid: 'g1' }), meeting(ANA, '2025-01-10T10:00:00Z', { uid: 'i2' })];
        const g = await store.importCalendar(calendarImport({ source: 'google', externalId: 'primary', occurrences: google, syncState: { syncToken: 's1' } }));
        const i = await store.importCalendar(calendarImport({ occurrences: ics, checksum: 'd'.repeat(64) }));
        expect(g.calendarId).not.toBe(i.calendarId);
        expect(await store.listOccurrences()).toHaveLength(3);

        // Emptying the Google calendar leaves the upload alone; the sync state is replaced.
        const emptied = await store.importCalendar(
          calendarImport({ source: 'google', externalId: 'primary', occurrences: [], checksum: 'e'.repeat(64), syncState: { syncToken: 's2' } }),
        );
        expect(emptied.counts.removed).toBe(1);
        expect(await store.listOccurrences()).toEqual(ics.map((o) => stored(o, ANA)));
        const calendars = await store.listCalendars(ANA);
        expect(calendars.map((c) => [c.source, c.externalId, c.syncState])).toEqual([
          ['google', 'primary', { syncToken: 's2' }],
          ['ics', 'upload', null],
        ]);
        // Without a sync state, the stored one is kept.
        await store.importCalendar(calendarImport({ source: 'google', externalId: 'primary', checksum: 'f'.repeat(64) }));
        expect((await store.listCalendars(ANA))[0].syncState).toEqual({ syncToken: 's2' });
      });

      it('keeps the same calendar id of different owners apart', async () => {
        await store.importCalendar(calendarImport({ occurrences: [meeting(ANA, '2025-01-09T10:00:00Z', { uid: 'x' })] }));
        await store.importCalendar(calendarImport({ ownerEmail: BO, occurrences: [meeting(BO, '2025-01-09T10:00:00Z', { uid: 'x' })] }));
        expect((await store.listOccurrences()).map((o) => o.ownerEmail)).toEqual([ANA, BO]);
        expect(await store.listCalendars(BO)).toHaveLength(1);
        expect(await store.listImports(BO)).toHaveLength(1);
        expect(await store.listImports()).toHaveLength(2);
      });

      it('never stores the title or description of a private event', async () => {
        const secret = meeting(ANA, '2025-01-09T10:00:00Z', {
          uid: 'secret',
          isPrivate: true,
          title: 'Acquisition of Globex',
          agenda: { textLength: 38, text: 'SECRET terms of the Globex acquisition', attachmentCount: 2, hasNoteTaker: true },
        });
        await store.importCalendar(calendarImport({ occurrences: [secret] }));
        const [listed] = await store.listOccurrences();
        expect(listed).toEqual({
          ...stored(secret, ANA),
          title: 'Private event',
          agenda: { textLength: 38, text: '', attachmentCount: 2, hasNoteTaker: true },
        });
        expect(JSON.stringify(await store.listOccurrences())).not.toMatch(/Globex|SECRET/);
      });

      it('keeps the last of two occurrences with the same UID and start, with a warning', async () => {
        const a = meeting(ANA, '2025-01-09T10:00:00Z', { uid: 'dup', title: 'First' });
        const b = meeting(ANA, '2025-01-09T10:00:00Z', { uid: 'dup', title: 'Second', origin: 'ana.ics:300' });
        const result = await store.importCalendar(calendarImport({ occurrences: [a, b] }));
        expect(result.counts).toMatchObject({ occurrences: 1, warnings: 1 });
        expect((await store.listOccurrences()).map((o) => o.title)).toEqual(['Second']);
        expect((await store.listImports())[0].warnings).toEqual([expect.objectContaining({ code: 'duplicate-occurrence', location: 'ana.ics:300' })]);
        expect(result.warnings).toEqual((await store.listImports())[0].warnings);
      });

      it('keeps two events without a UID that start at the same time, and gives them back with uid ""', async () => {
        const a = meeting(ANA, '2025-01-09T10:00:00Z', { uid: '', title: 'First', origin: 'ana.ics:10' });
        const b = meeting(ANA, '2025-01-09T10:00:00Z', { uid: '', title: 'Second', origin: 'ana.ics:20' });
        const result = await store.importCalendar(calendarImport({ occurrences: [a, b] }));
        expect(result.counts).toMatchObject({ occurrences: 2, warnings: 0 });
        expect((await store.listOccurrences()).map((o) => [o.uid, o.title]).sort()).toEqual([['', 'First'], ['', 'Second']]);
      });
    });

    describe('listOccurrences', () => {
      beforeEach(async () => {
        await store.importCalendar(
          calendarImport({
            ownerEmail: BO,
            occurrences: [
              meeting(BO, '2025-01-08T09:00:00Z', { uid: 'b', endMs: Date.parse('2025-01-08T10:00:00Z') }),
              meeting(BO, '2025-01-08T09:00:00Z', { uid: 'a', endMs: Date.parse('2025-01-08T11:00:00Z') }),
              meeting(BO, '2025-01-07T09:00:00Z', { uid: 'z' }),
            ],
          }),
        );
        await store.importCalendar(
          calendarImport({
            occurrences: [
              meeting(ANA, '2025-01-08T09:00:00Z', { uid: 'a', endMs: Date.parse('2025-01-08T10:00:00Z') }),
              meeting(ANA, '2025-01-08T09:00:00Z', { uid: 'a2', recurrenceIdMs: null, endMs: Date.parse('2025-01-08T09:30:00Z') }),
              meeting(ANA, '2025-01-14T09:00:00Z', { uid: 'later' }),
            ],
          }),
        );
      });

      it('sorts by owner, then start, uid and end', async () => {
        const listed = await store.listOccurrences();
        expect(listed.map((o) => `${o.ownerEmail} ${iso(o.startMs)} ${o.uid}`)).toEqual([
          `${ANA} 2025-01-08T09:00:00.000Z a`,
          `${ANA} 2025-01-08T09:00:00.000Z a2`,
          `${ANA} 2025-01-14T09:00:00.000Z later`,
          `${BO} 2025-01-07T09:00:00.000Z z`,
          `${BO} 2025-01-08T09:00:00.000Z a`,
          `${BO} 2025-01-08T09:00:00.000Z b`,
        ]);
      });

      it('filters by people and by a half-open start window', async () => {
        expect((await store.listOccurrences({ people: [BO] })).map((o) => o.uid)).toEqual(['z', 'a', 'b']);
        expect(await store.listOccurrences({ people: [] })).toEqual([]);
        expect(await store.listOccurrences({ people: ['nobody@example.com'] })).toEqual([]);
        const window = { fromMs: Date.parse('2025-01-08T09:00:00Z'), toMs: Date.parse('2025-01-14T09:00:00Z') };
        expect((await store.listOccurrences(window)).map((o) => `${o.ownerEmail}:${o.uid}`)).toEqual([`${ANA}:a`, `${ANA}:a2`, `${BO}:a`, `${BO}:b`]);
        expect((await store.listOccurrences({ people: [ANA], fromMs: window.toMs })).map((o) => o.uid)).toEqual(['later']);
      });
    });

    describe('listCoverage', () => {
      it('gives each person the union span of their import windows', async () => {
        await store.importCalendar(calendarImport({ fromMs: W0, toMs: W0 + 2 * WEEK, atMs: W0 + 2 * WEEK }));
        await store.importCalendar(calendarImport({ fromMs: W0 + WEEK, toMs: W0 + 5 * WEEK, checksum: 'b'.repeat(64), atMs: W0 + 5 * WEEK }));
        await store.importCalendar(
          calendarImport({ source: 'google', externalId: 'primary', fromMs: W0 - WEEK, toMs: W0, checksum: 'c'.repeat(64), atMs: W0 + 3 * WEEK }),
        );
        await store.importCalendar(calendarImport({ ownerEmail: BO, fromMs: W0, toMs: W0 + WEEK, atMs: W0 + WEEK }));
        expect(await store.listCoverage()).toEqual([
          { person: ANA, fromMs: W0 - WEEK, toMs: W0 + 5 * WEEK, calendars: 2, lastImportMs: W0 + 5 * WEEK },
          { person: BO, fromMs: W0, toMs: W0 + WEEK, calendars: 1, lastImportMs: W0 + WEEK },
        ]);
      });
    });

    describe('analysis', () => {
      const ranked = [
        finding({ ruleId: 'meeting-overload', hoursAtStake: 6, week: '2025-W03', subject: { type: 'person-week', person: BO, week: '2025-W03' }, person: BO, message: 'Bo spends 26 h in meetings' }),
        finding({ ruleId: 'recurring-without-agenda', hoursAtStake: 4, week: null, person: ANA, subject: { type: 'series', seriesId: 's1', title: 'Sync' }, message: 'Sync has no agenda' }),
        finding({ hoursAtStake: 1.5 }),
        finding({ ruleId: 'back-to-back', severity: 'info', hoursAtStake: 1.5, week: '2025-W03', message: 'Ana has 3 back-to-back chains', evidence: { chains: 3 } }),
        finding({ ruleId: 'large-meeting', severity: 'critical', hoursAtStake: 0, week: '2025-W02', person: CY, message: 'All hands has 40 people', evidence: { attendees: 40 } }),
      ];
      const analysis = () => ({
        dataVersion: 4,
        atMs: W0 + 5 * WEEK,
        definitionsVersion: '2026.11.1',
        personWeeks: [
          personWeek(BO, '2025-W03'),
          personWeek(ANA, '2025-W03', { meetingHours: 20.25 }),
          personWeek(ANA, '2025-W02'),
          personWeek(BO, '2025-W04', { attendeeCost: 1234.5 }),
        ],
        findings: ranked,
        series: [seriesSummary('s1', 12.5, [ANA, BO]), seriesSummary('s2', 3, [CY], { weeklyCost: 270 }), seriesSummary('s3', 1, [])],
        gaps: [gap(), gap({ calendarId: 'primary', ownerEmail: BO, reason: 'google: token expired', fromMs: W0, toMs: W0 + WEEK })],
      });

      beforeEach(async () => {
        await store.replaceRoster(sampleRoster());
      });

      it('stores an analysis and lists it back in rank order', async () => {
        const v = await store.getDataVersion();
        await store.replaceAnalysis(analysis());
        expect(await store.getAnalysisVersion()).toBe(4);
        expect(await store.getDataVersion()).toBe(v);
        expect(await store.listFindings()).toEqual(ranked);
        expect(await store.listSeries()).toEqual(analysis().series);
        expect(await store.listGaps()).toEqual(analysis().gaps);
        expect(await store.listWeeks()).toEqual(['2025-W02', '2025-W03', '2025-W04']);
        expect(await store.listPersonWeeks()).toEqual([
          personWeek(ANA, '2025-W02'),
          personWeek(ANA, '2025-W03', { meetingHours: 20.25 }),
          personWeek(BO, '2025-W03'),
          personWeek(BO, '2025-W04', { attendeeCost: 1234.5 }),
        ]);
      });

      it('filters findings by week, people and rule, with a limit', async () => {
        await store.replaceAnalysis(analysis());
        expect(await store.listFindings({ week: '2025-W03' })).toEqual([ranked[0], ranked[3]]);
        expect(await store.listFindings({ week: '2025-W03', includeUnweeked: true })).toEqual([ranked[0], ranked[1], ranked[3]]);
        expect(await store.listFindings({ people: [ANA] })).toEqual([ranked[1], ranked[2], ranked[3]]);
        expect(await store.listFindings({ people: [ANA, CY], week: '2025-W02' })).toEqual([ranked[2], ranked[4]]);
        expect(await store.listFindings({ people: [] })).toEqual([]);
        expect(await store.listFindings({ ruleId: 'long-meeting' })).toEqual([ranked[2]]);
        expect(await store.listFindings({ limit: 2 })).toEqual(ranked.slice(0, 2));
        expect(await store.listFindings({ people: [ANA], includeUnweeked: true, week: '2025-W02', limit: 1 })).toEqual([ranked[1]]);
      });

      it('filters series by the audited people who attend them', async () => {
        await store.replaceAnalysis(analysis());
        const [s1, s2] = analysis().series;
        expect(await store.listSeries([BO])).toEqual([s1]);
        expect(await store.listSeries([CY, ANA])).toEqual([s1, s2]);
        expect(await store.listSeries([DEE])).toEqual([]);
        expect(await store.listSeries([])).toEqual([]);
      });

      it('filters person-weeks by people and an inclusive week range', async () => {
        await store.replaceAnalysis(analysis());
        expect((await store.listPersonWeeks({ people: [BO] })).map((w) => w.metrics.week)).toEqual(['2025-W03', '2025-W04']);
        expect((await store.listPersonWeeks({ fromWeek: '2025-W03', toWeek: '2025-W03' })).map((w) => w.person)).toEqual([ANA, BO]);
        expect((await store.listPersonWeeks({ people: [ANA], fromWeek: '2025-W03' })).map((w) => w.metrics.week)).toEqual(['2025-W03']);
        expect(await store.listPersonWeeks({ people: [] })).toEqual([]);
      });

      it('replaces the previous analysis as a whole', async () => {
        await store.replaceAnalysis(analysis());
        await store.replaceAnalysis({
          ...analysis(),
          dataVersion: 5,
          personWeeks: [personWeek(CY, '2025-W06')],
          findings: [ranked[4]],
          series: [],
          gaps: [],
        });
        expect(await store.getAnalysisVersion()).toBe(5);
        expect(await store.listFindings()).toEqual([ranked[4]]);
        expect(await store.listSeries()).toEqual([]);
        expect(await store.listSeries([ANA])).toEqual([]);
        expect(await store.listGaps()).toEqual([]);
        expect(await store.listWeeks()).toEqual(['2025-W06']);
      });

      it('stores an analysis of hundreds of findings in order', async () => {
        const many = Array.from({ length: 250 }, (_, i) => finding({ hoursAtStake: 250 - i, message: `finding ${i}` }));
        await store.replaceAnalysis({ ...analysis(), findings: many });
        expect(await store.listFindings()).toEqual(many);
        expect(await store.listFindings({ limit: 3 })).toEqual(many.slice(0, 3));
      });
    });

    describe('baselines', () => {
      it('creates frozen baselines and finds the latest of each scope', async () => {
        const org1 = await store.createBaseline(baselineInput());
        const core1 = await store.createBaseline(baselineInput({ scope: { type: 'team', teamId: 'core' }, createdMs: W0 + WEEK }));
        const core2 = await store.createBaseline(baselineInput({ scope: { type: 'team', teamId: 'core' }, createdMs: W0 + 2 * WEEK, numbers: { meetingHours: 9 } }));
        const ops = await store.createBaseline(baselineInput({ scope: { type: 'team', teamId: 'ops' }, createdMs: W0 + 3 * WEEK }));
        expect(org1).toEqual({ id: org1.id, ...baselineInput() });
        expect(new Set([org1.id, core1.id, core2.id, ops.id]).size).toBe(4);

        expect(await store.getLatestBaseline({ type: 'org' })).toEqual(org1);
        expect(await store.getLatestBaseline({ type: 'team', teamId: 'core' })).toEqual(core2);
        expect(await store.getLatestBaseline({ type: 'team', teamId: 'ops' })).toEqual(ops);
        expect(await store.getLatestBaseline({ type: 'team', teamId: 'web' })).toBeNull();
        expect(await store.listBaselines()).toEqual([org1, core1, core2, ops]);

        // Frozen: roster changes and new analyses leave them as they were.
        await store.replaceRoster({ people: [], teams: [], settings: sampleRoster().settings });
        expect(await store.listBaselines()).toEqual([org1, core1, core2, ops]);
        expect(await store.getDataVersion()).toBe(1);
      });
    });

    describe('provider syncs, sync gaps and credentials', () => {
      const sync = (over: Partial<CalendarSync> = {}): CalendarSync => ({
        source: 'google',
        externalId: 'primary',
        ownerEmail: ANA,
        timeZone: 'Europe/Berlin',
        fromMs: W0,
        toMs: W0 + 4 * WEEK,
        full: true,
        upserts: [],
        removals: [],
        warnings: [],
        actor: 'sync',
        atMs: W0 + 5 * WEEK,
        ...over,
      });

      it('stores a full sync, then applies incremental upserts and removals', async () => {
        const series = weekly(ANA, 'series-1', '2025-01-07T09:00:00Z', 4, { source: 'google' });
        const oneOff = meeting(ANA, '2025-01-08T10:00:00Z', { uid: 'one-off', source: 'google' });
        const full = await store.applyCalendarSync(sync({ upserts: [...series, oneOff], syncState: { syncToken: 't1' } }));
        expect(full.counts).toMatchObject({ occurrences: 5, removed: 0 });
        expect((await store.getCalendar('google', 'primary', ANA))?.syncState).toEqual({ syncToken: 't1' });
        const version = await store.getDataVersion();

        const moved = { ...series[1], startMs: series[1].startMs + HOUR, endMs: series[1].endMs + HOUR };
        const delta = await store.applyCalendarSync(
          sync({
            full: false,
            upserts: [moved],
            removals: [{ uid: 'series-1', instanceStartMs: series[2].recurrenceIdMs }, { uid: 'one-off', instanceStartMs: null }],
            syncState: { syncToken: 't2' },
          }),
        );
        expect(delta.counts).toMatchObject({ occurrences: 1, removed: 2 });
        const after = await store.listOccurrences({ people: [ANA] });
        expect(after.map((o) => [o.uid, iso(o.startMs)])).toEqual([
          ['series-1', '2025-01-07T09:00:00.000Z'],
          ['series-1', '2025-01-14T10:00:00.000Z'],
          ['series-1', '2025-01-28T09:00:00.000Z'],
        ]);
        expect(await store.getDataVersion()).toBeGreaterThan(version);
        expect((await store.getCalendar('google', 'primary', ANA))?.syncState).toEqual({ syncToken: 't2' });
      });

      it('leaves the data version alone for an incremental sync that changed nothing', async () => {
        await store.applyCalendarSync(sync({ upserts: [meeting(ANA, '2025-01-08T10:00:00Z', { source: 'google' })] }));
        const version = await store.getDataVersion();
        const none = await store.applyCalendarSync(sync({ full: false, syncState: { syncToken: 'same' } }));
        expect(none.counts).toMatchObject({ occurrences: 0, removed: 0 });
        expect(await store.getDataVersion()).toBe(version);
        expect((await store.getCalendar('google', 'primary', ANA))?.syncState).toEqual({ syncToken: 'same' });
      });

      it('a full sync replaces only its window', async () => {
        const early = meeting(ANA, '2024-12-03T10:00:00Z', { uid: 'early', source: 'google' });
        await store.applyCalendarSync(sync({ fromMs: W0 - 8 * WEEK, upserts: [early, meeting(ANA, '2025-01-08T10:00:00Z', { uid: 'in', source: 'google' })] }));
        const replaced = await store.applyCalendarSync(sync({ upserts: [] }));
        expect(replaced.counts.removed).toBe(1);
        expect((await store.listOccurrences({ people: [ANA] })).map((o) => o.uid)).toEqual(['early']);
      });

      it('records sync gaps per person and source until cleared, and shows them as data gaps', async () => {
        await store.recordSyncGap({ ownerEmail: BO, source: 'outlook', reason: 'user not found', fromMs: W0, toMs: W0 + WEEK, atMs: W0 });
        await store.recordSyncGap({ ownerEmail: BO, source: 'outlook', reason: 'rate limited', fromMs: W0, toMs: W0 + WEEK, atMs: W0 + 1 });
        expect(await store.listSyncGaps()).toEqual([{ ownerEmail: BO, source: 'outlook', reason: 'rate limited', fromMs: W0, toMs: W0 + WEEK, atMs: W0 + 1 }]);
        expect(await store.listGaps()).toContainEqual({ calendarId: `outlook:${BO}`, ownerEmail: BO, reason: 'rate limited', fromMs: W0, toMs: W0 + WEEK });
        expect(await store.getPerson(BO)).not.toBeNull();
        const version = await store.getDataVersion();
        await store.clearSyncGap(BO, 'outlook');
        expect(await store.listSyncGaps()).toEqual([]);
        expect(await store.getDataVersion()).toBeGreaterThan(version);
      });

      it('keeps credentials by key, replacing on write', async () => {
        expect(await store.getCredential('google:ana')).toBeNull();
        await store.putCredential('google:ana', 'cipher-1', W0);
        await store.putCredential('google:ana', 'cipher-2', W0 + 1);
        expect(await store.getCredential('google:ana')).toBe('cipher-2');
      });
    });

    describe('API tokens', () => {
      it('creates, finds by hash, lists and revokes tokens', async () => {
        const admin = await store.createToken(tokenInput());
        const leader = await store.createToken(tokenInput({ hash: 'e'.repeat(64), role: 'leader', teamId: 'core', label: null }));
        const member = await store.createToken(tokenInput({ hash: 'd'.repeat(64), role: 'member', personEmail: BO }));
        expect(admin).toEqual({ id: admin.id, ...tokenInput(), revokedMs: null });
        expect(await store.findTokenByHash('e'.repeat(64))).toEqual(leader);
        expect(await store.findTokenByHash('0'.repeat(64))).toBeNull();
        expect(await store.listTokens()).toEqual([admin, leader, member]);

        expect(await store.revokeToken(leader.id, W0 + DAY)).toBe(true);
        expect(await store.revokeToken(leader.id, W0 + 2 * DAY)).toBe(false);
        expect(await store.revokeToken(9_999, W0)).toBe(false);
        expect(await store.findTokenByHash('e'.repeat(64))).toEqual({ ...leader, revokedMs: W0 + DAY });
        expect((await store.listTokens()).map((t) => t.revokedMs)).toEqual([null, W0 + DAY, null]);
      });

      it('rejects a second token with the same hash', async () => {
        await store.createToken(tokenInput());
        await expect(store.createToken(tokenInput({ label: 'again' }))).rejects.toThrow();
        expect(await store.listTokens()).toHaveLength(1);
      });
    });
  });
}
