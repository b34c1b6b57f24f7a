import { describe, expect, it } from 'vitest';
import {
  collectSeries,
  groupSeries,
  hasAgenda,
  isSeriesInstance,
  MeetingIndex,
  uniqueMeetingOccurrences,
} from '../../src/metrics/series.js';
import { DEFAULT_DEFINITIONS } from '../../src/model/definitions.js';
import {
  at,
  attendees,
  calendars,
  email,
  mergeCalendars,
  occurrence,
  recurrence,
  series,
  WINDOW,
} from '../rules/factory.js';

const ana = email('ana');
const bo = email('bo');
const cy = email('cy');

describe('metrics: series', () => {
  describe('collectSeries', () => {
    it('counts a series once however many calendars hold it', () => {
      const byPerson = calendars(series({ seriesId: 's1', title: 'Team sync', start: '2024-03-05T10:00:00Z' }));
      expect([...byPerson.keys()].sort()).toEqual([ana, bo, cy]);
      const [s, ...rest] = collectSeries(byPerson, DEFAULT_DEFINITIONS, WINDOW);
      expect(rest).toEqual([]);
      expect(s).toEqual({
        seriesId: 's1',
        title: 'Team sync',
        organizer: ana,
        cadence: 'weekly',
        perWeek: 1,
        durationMin: 60,
        participants: 3,
        weeklyAttendeeHours: 3,
        weeklyCost: null,
        hasAgenda: false,
        hasEnd: false,
        occurrencesInWindow: 4,
        audited: [ana, bo, cy],
      });
    });

    it('takes the median duration and participant count', () => {
      const instances = series({ seriesId: 's1', count: 4 });
      instances[0] = { ...instances[0], endMs: instances[0].startMs + 30 * 60_000 };
      instances[1] = { ...instances[1], endMs: instances[1].startMs + 90 * 60_000 };
      instances[2] = { ...instances[2], endMs: instances[2].startMs + 120 * 60_000 };
      // Durations 30, 90, 120, 60 -> median 75; participants 3, 3, 5, 6 -> median 4.
      instances[2] = { ...instances[2], attendees: attendees([bo, cy, email('dee'), email('eve')]) };
      instances[3] = { ...instances[3], attendees: attendees([bo, cy, email('dee'), email('eve'), email('fay')]) };
      const [s] = collectSeries(calendars(instances, [ana]), DEFAULT_DEFINITIONS, WINDOW);
      expect(s.durationMin).toBe(75);
      expect(s.participants).toBe(4);
      expect(s.weeklyAttendeeHours).toBeCloseTo((75 / 60) * 4, 9);
    });

    it('falls back to occurrences per week in the window when the rule implies none', () => {
      const irregular = series({ seriesId: 's1', count: 2, everyDays: 7 }).map((o) => ({
        ...o,
        recurrence: recurrence('irregular', { perWeek: 0 }),
      }));
      const [s] = collectSeries(calendars(irregular, [ana]), DEFAULT_DEFINITIONS, WINDOW);
      expect(s.perWeek).toBe(0.5); // 2 occurrences in a 4-week window
      expect(s.cadence).toBe('irregular');
      expect(s.weeklyAttendeeHours).toBeCloseTo(1.5, 9);
    });

    it('prices the weekly attendee-hours when an hourly rate is set', () => {
      const byPerson = calendars(series({ seriesId: 's1' }), [ana]);
      const [s] = collectSeries(byPerson, { ...DEFAULT_DEFINITIONS, hourlyRate: 100 }, WINDOW);
      expect(s.weeklyCost).toBe(300);
    });

    it('judges the agenda on the latest occurrence', () => {
      const withEarlyAgenda = series({ seriesId: 's1', agendaChars: 200 });
      withEarlyAgenda[3] = { ...withEarlyAgenda[3], agenda: { ...withEarlyAgenda[3].agenda, textLength: 0 } };
      const attachedLate = series({ seriesId: 's2' });
      attachedLate[3] = { ...attachedLate[3], agenda: { ...attachedLate[3].agenda, attachmentCount: 1 } };
      const result = collectSeries(calendars([...withEarlyAgenda, ...attachedLate], [ana]), DEFAULT_DEFINITIONS, WINDOW);
      expect(Object.fromEntries(result.map((s) => [s.seriesId, s.hasAgenda]))).toEqual({ s1: false, s2: true });
    });

    it('names a series by its most common title and organizer, ties going to the latest', () => {
      const renamed = series({ seriesId: 's1', title: 'Old name' }).map((o, i) =>
        i >= 2 ? { ...o, title: 'New name', organizer: bo } : o,
      );
      const [s] = collectSeries(calendars(renamed, [ana]), DEFAULT_DEFINITIONS, WINDOW);
      expect(s.title).toBe('New name');
      expect(s.organizer).toBe(bo);
      const mostly = renamed.map((o, i) => (i === 3 ? o : { ...o, title: 'Old name' }));
      expect(collectSeries(calendars(mostly, [ana]), DEFAULT_DEFINITIONS, WINDOW)[0].title).toBe('Old name');
    });

    it('leaves out one-offs, non-meetings and occurrences outside the window', () => {
      const inside = series({ seriesId: 's1', count: 2 });
      const byPerson = mergeCalendars(
        calendars(inside, [ana]),
        calendars([occurrence({ uid: 'one-off' })], [ana]),
        calendars(series({ seriesId: 'declined', count: 2 }).map((o) => ({ ...o, kind: 'excluded' as const })), [ana]),
        calendars(series({ seriesId: 'early', start: '2024-02-27T10:00:00Z', count: 1 }), [ana]),
        calendars(series({ seriesId: 's1', startMs: WINDOW.toMs, count: 1 }), [ana]),
      );
      const result = collectSeries(byPerson, DEFAULT_DEFINITIONS, WINDOW);
      expect(result.map((s) => [s.seriesId, s.occurrencesInWindow])).toEqual([['s1', 2]]);
    });

    it('lists as audited only the people whose calendar shows it as a meeting', () => {
      const instances = series({ seriesId: 's1', count: 1 });
      const byPerson = calendars(instances);
      byPerson.set(cy, byPerson.get(cy)!.map((o) => ({ ...o, kind: 'excluded', excludedReason: 'declined' })));
      expect(collectSeries(byPerson, DEFAULT_DEFINITIONS, WINDOW)[0].audited).toEqual([ana, bo]);
    });

    it('ranks by weekly attendee-hours, then series id', () => {
      const byPerson = calendars(
        [
          ...series({ seriesId: 'b-small', durationMin: 30 }),
          ...series({ seriesId: 'z-big', durationMin: 90 }),
          ...series({ seriesId: 'a-small', durationMin: 30 }),
        ],
        [ana],
      );
      expect(collectSeries(byPerson, DEFAULT_DEFINITIONS, WINDOW).map((s) => s.seriesId)).toEqual([
        'z-big',
        'a-small',
        'b-small',
      ]);
    });

    it('counts an instance once per series and start even when calendars give it different uids', () => {
      const [first] = series({ seriesId: 's1', count: 1 });
      const byPerson = new Map([
        [ana, [{ ...first, uid: 'ana-copy', ownerEmail: ana }]],
        [bo, [{ ...first, uid: 'bo-copy', ownerEmail: bo }]],
      ]);
      const [group] = groupSeries(byPerson, DEFAULT_DEFINITIONS, WINDOW);
      expect(group.instances).toHaveLength(1);
      expect(group.instances[0].audited).toEqual([ana, bo]);
      expect(group.summary.occurrencesInWindow).toBe(1);
    });
  });

  describe('hasAgenda', () => {
    it.each([
      [19, 0, 20, false],
      [20, 0, 20, true],
      [0, 1, 20, true],
      [5, 0, 5, true],
      [4, 0, 5, false],
    ])('text %i chars, %i attachments, min %i -> %s', (textLength, attachmentCount, min, expected) => {
      const o = occurrence({ agenda: { textLength, text: '', attachmentCount, hasNoteTaker: false } });
      expect(hasAgenda(o, min)).toBe(expected);
    });

    it('defaults to 20 characters', () => {
      expect(hasAgenda(occurrence({ agendaChars: 19 }))).toBe(false);
      expect(hasAgenda(occurrence({ agendaChars: 20 }))).toBe(true);
    });
  });

  describe('uniqueMeetingOccurrences', () => {
    it('keeps one instance per uid and start, speaking through the organizer copy', () => {
      const a = occurrence({ uid: 'a', organizer: bo, people: [ana, cy] });
      const b = occurrence({ uid: 'b', start: '2024-03-06T10:00:00Z' });
      const byPerson = calendars([a, b]);
      const result = uniqueMeetingOccurrences(byPerson);
      expect(result.map((m) => [m.occurrence.uid, m.occurrence.ownerEmail, m.audited])).toEqual([
        ['a', bo, [ana, bo, cy]],
        ['b', ana, [ana, bo, cy]],
      ]);
      expect(result[0].copies.map((c) => c.ownerEmail)).toEqual([ana, bo, cy]);
    });

    it('treats a meeting as private when any copy is private', () => {
      const byPerson = calendars([occurrence({ uid: 'a', title: 'Reorg plan' })]);
      byPerson.set(cy, byPerson.get(cy)!.map((o) => ({ ...o, isPrivate: true, title: 'Private event' })));
      const [m] = uniqueMeetingOccurrences(byPerson);
      expect(m.occurrence.title).toBe('Private event');
      expect(m.occurrence.isPrivate).toBe(true);
    });

    it('separates instances of the same uid by start and honours the window', () => {
      const instances = series({ seriesId: 's1' });
      const result = uniqueMeetingOccurrences(calendars(instances), { fromMs: at('2024-03-11T00:00:00Z'), toMs: WINDOW.toMs });
      expect(result.map((m) => m.occurrence.startMs)).toEqual([
        at('2024-03-12T10:00:00Z'),
        at('2024-03-19T10:00:00Z'),
        at('2024-03-26T10:00:00Z'),
      ]);
      expect(uniqueMeetingOccurrences(calendars(instances))).toHaveLength(4);
    });

    it('keeps one copy per person when a person has the meeting on two calendars', () => {
      const o = occurrence({ uid: 'a' });
      const byPerson = new Map([[ana, [{ ...o, calendarId: 'work' }, { ...o, calendarId: 'shared' }]]]);
      const [m] = uniqueMeetingOccurrences(byPerson);
      expect(m.audited).toEqual([ana]);
      expect(m.copies.map((c) => c.calendarId)).toEqual(['work']);
    });

    it('skips copies that are not meetings on that calendar', () => {
      const byPerson = calendars([occurrence({ uid: 'a' })]);
      for (const [k, list] of byPerson) byPerson.set(k, list.map((o) => ({ ...o, kind: 'excluded' as const })));
      expect(uniqueMeetingOccurrences(byPerson)).toEqual([]);
    });
  });
  describe('MeetingIndex', () => {
    const dee = email('dee');
    /** Series, one-offs, a private copy, an organizer who is not first by email, and a series whose uid is not its id. */
    const org = () => {
      const byPerson = mergeCalendars(
        calendars(series({ seriesId: 's1', title: 'Team sync', organizer: cy, people: [ana, bo] })),
        calendars(series({ seriesId: 's2', start: '2024-03-05T10:00:00Z', people: [dee] }).map((o) => ({ ...o, uid: `${o.startMs}@s2` }))),
        calendars([occurrence({ uid: 'launch', title: 'Launch', organizer: dee, people: [ana, bo, cy] })]),
        calendars([occurrence({ uid: 'late', start: '2024-03-07T16:00:00Z', people: [bo] })]),
      );
      byPerson.set(bo, byPerson.get(bo)!.map((o) => (o.uid === 'launch' ? { ...o, isPrivate: true, title: 'Private event' } : o)));
      return byPerson;
    };

    it.each([
      ['by email', (people: string[]) => people],
      ['in reverse', (people: string[]) => [...people].reverse()],
      ['shuffled', (people: string[]) => [people[2], people[0], people[3], people[1]]],
    ])('gives what uniqueMeetingOccurrences and groupSeries give, people added %s', (_, order) => {
      const byPerson = org();
      const added = () => {
        const index = new MeetingIndex(WINDOW);
        for (const person of order([...byPerson.keys()].sort())) index.add(person, byPerson.get(person)!);
        return index;
      };
      const meetings = uniqueMeetingOccurrences(byPerson, WINDOW);
      expect(added().uniqueMeetings()).toEqual(meetings);
      expect(added().oneOffMeetings()).toEqual(meetings.filter((m) => !isSeriesInstance(m.occurrence)));
      expect(added().seriesGroups(DEFAULT_DEFINITIONS)).toEqual(groupSeries(byPerson, DEFAULT_DEFINITIONS, WINDOW));
      expect(meetings.find((m) => m.occurrence.uid === 'launch')?.occurrence.title).toBe('Private event');
    });

    it('covers only the very lists and the window it was given', () => {
      const byPerson = org();
      const index = new MeetingIndex(WINDOW);
      for (const [person, list] of byPerson) index.add(person, list);
      expect(index.covers(byPerson, WINDOW)).toBe(true);
      expect(index.covers(byPerson, { ...WINDOW, toMs: WINDOW.toMs - 1 })).toBe(false);
      expect(index.covers(new Map([...byPerson].map(([k, v]) => [k, [...v]])), WINDOW)).toBe(false);
      expect(index.covers(new Map([...byPerson].slice(1)), WINDOW)).toBe(false);
    });

    it('takes each person once, and nobody once it has been read', () => {
      const index = new MeetingIndex(WINDOW);
      index.add(ana, []);
      expect(() => index.add(ana, [])).toThrow();
      index.uniqueMeetings();
      expect(() => index.add(bo, [])).toThrow();
    });
  });
});
