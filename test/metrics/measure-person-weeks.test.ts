import { describe, expect, it } from 'vitest';
import { measurePersonWeeks } from '../../src/metrics/measure-person-weeks.js';
import type { PersonWeekMetrics } from '../../src/metrics/types.js';
import { DEFAULT_DEFINITIONS, type Definitions } from '../../src/model/definitions.js';
import type { Attendee, Occurrence } from '../../src/model/occurrence.js';
import { DEFAULT_WORKING_HOURS, type Person } from '../../src/model/person.js';
import { DAY_MS, HOUR_MS, wallToUtcMs } from '../../src/model/time.js';

const LOS_ANGELES = 'America/Los_Angeles';
const KOLKATA = 'Asia/Kolkata';

function makePerson(overrides: Partial<Person> = {}): Person {
  return {
    email: 'ada@example.com',
    name: 'Ada',
    timeZone: 'UTC',
    workingHours: DEFAULT_WORKING_HOURS,
    humaneHours: DEFAULT_WORKING_HOURS,
    teams: [],
    hourlyRate: null,
    region: 'Other',
    ...overrides,
  };
}

const person = (email: string, extra: Partial<Attendee> = {}): Attendee => ({
  email,
  name: null,
  response: 'accepted',
  role: 'required',
  isResource: false,
  ...extra,
});

let uidSeq = 0;
function makeOccurrence(fields: Partial<Occurrence> & Pick<Occurrence, 'startMs' | 'endMs'>): Occurrence {
  return {
    source: 'ics',
    calendarId: 'ada.ics',
    ownerEmail: 'ada@example.com',
    uid: `uid-${++uidSeq}`,
    seriesId: null,
    recurrence: null,
    recurrenceIdMs: null,
    allDay: false,
    floating: false,
    timeZone: null,
    title: 'Sync',
    isPrivate: false,
    organizer: 'ada@example.com',
    attendees: [person('ada@example.com'), person('bob@example.com')],
    selfResponse: 'accepted',
    showAs: 'busy',
    status: 'confirmed',
    eventType: 'default',
    agenda: { textLength: 0, text: '', attachmentCount: 0, hasNoteTaker: false },
    createdMs: null,
    lastModifiedMs: null,
    origin: 'ada.ics:1',
    kind: 'meeting',
    excludedReason: null,
    ...fields,
  };
}

/** The instant a wall clock in `timeZone` shows "2024-03-11T09:00". */
const at = (wall: string, timeZone = 'UTC'): number => wallToUtcMs(Date.parse(`${wall}:00Z`), timeZone);

/** A meeting from `from` to `to` (clock times) on `date`, in `timeZone`. */
function meeting(date: string, from: string, to: string, extra: Partial<Occurrence> = {}, timeZone = 'UTC'): Occurrence {
  return makeOccurrence({ startMs: at(`${date}T${from}`, timeZone), endMs: at(`${date}T${to}`, timeZone), ...extra });
}

/** An all-day item over local dates [fromDate, toDate) (wall dates encoded as UTC midnight). */
function allDay(fromDate: string, toDate: string, extra: Partial<Occurrence>): Occurrence {
  return makeOccurrence({ startMs: Date.parse(`${fromDate}T00:00Z`), endMs: Date.parse(`${toDate}T00:00Z`), allDay: true, ...extra });
}

const weekly = { cadence: 'weekly' as const, perWeek: 1, hasEnd: false, rule: 'FREQ=WEEKLY' };
const byStart = (list: Occurrence[]): Occurrence[] => [...list].sort((a, b) => a.startMs - b.startMs);

/** 2024-W11: Monday 2024-03-11 to Sunday 2024-03-17. */
const W11 = { fromMs: Date.parse('2024-03-11T00:00Z'), toMs: Date.parse('2024-03-18T00:00Z') };

function measureWeek(
  occurrences: Occurrence[],
  options: { person?: Person; defs?: Definitions; window?: { fromMs: number; toMs: number } } = {},
): PersonWeekMetrics {
  const weeks = measurePersonWeeks(
    options.person ?? makePerson(),
    byStart(occurrences),
    options.defs ?? DEFAULT_DEFINITIONS,
    options.window ?? W11,
  );
  expect(weeks).toHaveLength(1);
  return weeks[0];
}

describe('metrics: measurePersonWeeks', () => {
  it('reports a week with no meetings, with all working time as focus', () => {
    const weeks = measurePersonWeeks(makePerson(), [], DEFAULT_DEFINITIONS, {
      fromMs: W11.fromMs,
      toMs: W11.toMs + 7 * DAY_MS,
    });
    expect(weeks.map((w) => w.week)).toEqual(['2024-W11', '2024-W12']);
    expect(weeks[1]).toEqual({
      week: '2024-W12',
      workingHours: 40,
      outOfOfficeHours: 0,
      meetingCount: 0,
      meetingHours: 0,
      meetingShareOfWorkingTime: 0,
      recurringMeetingHours: 0,
      oneOffMeetingHours: 0,
      focusHours: 40,
      fragmentedHours: 0,
      refocusTaxHours: 0,
      backToBackChains: 0,
      conflictingHours: 0,
      afterHoursMeetingHours: 0,
      largeMeetingHours: 0,
      longMeetingHours: 0,
      meetingHeavyDays: 0,
      shortNoticeShare: null,
      attendeeHours: 0,
      attendeeCost: null,
    });
  });

  it('keeps a quiet week between busy ones', () => {
    const weeks = measurePersonWeeks(
      makePerson(),
      [meeting('2024-03-11', '09:00', '10:00'), meeting('2024-03-25', '09:00', '10:00')],
      DEFAULT_DEFINITIONS,
      { fromMs: W11.fromMs, toMs: W11.toMs + 14 * DAY_MS },
    );
    expect(weeks.map((w) => [w.week, w.meetingCount])).toEqual([
      ['2024-W11', 1],
      ['2024-W12', 0],
      ['2024-W13', 1],
    ]);
  });

  it('returns nothing for an empty window', () => {
    expect(measurePersonWeeks(makePerson(), [], DEFAULT_DEFINITIONS, { fromMs: W11.fromMs, toMs: W11.fromMs })).toEqual([]);
  });

  it('merges overlapping meetings once in meetingHours', () => {
    const week = measureWeek([meeting('2024-03-11', '09:00', '10:00'), meeting('2024-03-11', '09:30', '10:30')]);
    expect(week.meetingCount).toBe(2);
    expect(week.meetingHours).toBe(1.5);
  });

  it('splits meeting hours into recurring and one-off so that they add up', () => {
    const week = measureWeek([
      meeting('2024-03-11', '09:00', '10:00', { recurrence: weekly, seriesId: 'standup' }),
      meeting('2024-03-11', '09:30', '11:00'),
    ]);
    expect(week.meetingHours).toBe(2);
    expect(week.recurringMeetingHours).toBe(1);
    expect(week.oneOffMeetingHours).toBe(1);
  });

  it('measures the meeting share against working time only', () => {
    const week = measureWeek([meeting('2024-03-11', '08:00', '10:00')]);
    expect(week.meetingShareOfWorkingTime).toBe(0.025);
  });

  it('rounds hours to 2 decimals and shares to 3', () => {
    const week = measureWeek([meeting('2024-03-11', '09:00', '09:20')]);
    expect(week.meetingHours).toBe(0.33);
    expect(week.meetingShareOfWorkingTime).toBe(0.008);
    expect(week.focusHours).toBe(39.67);
  });

  it('counts free blocks of focusBlockMin or more as focus and shorter ones as fragmented', () => {
    const week = measureWeek([
      meeting('2024-03-11', '10:00', '11:00'), // 09-10 free: short
      meeting('2024-03-11', '12:00', '17:00'), // 11-12 free: short
      meeting('2024-03-12', '11:00', '12:00'), // 09-11 free: exactly focusBlockMin, 12-17 free
    ]);
    expect(week.focusHours).toBe(7 + 24);
    expect(week.fragmentedHours).toBe(2);
  });

  it('counts a booked focus block inside a short free block as focus', () => {
    const meetings = [meeting('2024-03-11', '10:00', '11:00'), meeting('2024-03-11', '12:00', '17:00')];
    const focus = [
      meeting('2024-03-11', '09:00', '09:30', { kind: 'focus', title: 'Focus', attendees: [] }),
      // Over a long free block and over a meeting: adds nothing.
      meeting('2024-03-12', '09:00', '17:00', { kind: 'focus', title: 'Focus', attendees: [] }),
      meeting('2024-03-11', '12:00', '13:00', { kind: 'focus', title: 'Focus', attendees: [] }),
    ];
    const week = measureWeek([...meetings, ...focus]);
    expect(week.focusHours).toBe(32.5);
    expect(week.fragmentedHours).toBe(1.5);
  });

  it('charges the refocus tax for each meeting cluster followed by free working time that day', () => {
    const week = measureWeek([
      meeting('2024-03-11', '10:00', '11:00'), // interrupts
      meeting('2024-03-11', '13:00', '14:00'), // with the next one: one cluster, interrupts
      meeting('2024-03-11', '14:00', '15:00'),
      meeting('2024-03-11', '16:30', '17:00'), // nothing free after it
      meeting('2024-03-11', '18:00', '19:00'), // outside working time
      meeting('2024-03-12', '09:00', '17:00'), // fills the day
      meeting('2024-03-13', '08:30', '09:30'), // partly inside working time, free after
    ]);
    expect(week.refocusTaxHours).toBe(Math.round(((3 * 23) / 60) * 100) / 100);
  });

  it('chains back-to-back meetings per day against the latest end so far', () => {
    const week = measureWeek([
      meeting('2024-03-11', '09:00', '10:00'),
      meeting('2024-03-11', '10:05', '11:00'), // chain 1
      meeting('2024-03-11', '11:10', '12:00'), // 10 minutes gap: a new chain
      meeting('2024-03-11', '12:00', '12:30'), // chain 2
      meeting('2024-03-11', '14:00', '16:00'),
      meeting('2024-03-11', '14:30', '15:00'), // overlaps: chains
      meeting('2024-03-11', '16:04', '16:30'), // 4 minutes after 16:00, the latest end: still chain 3
      meeting('2024-03-11', '16:32', '17:00'),
      meeting('2024-03-12', '09:00', '10:00'), // alone
      meeting('2024-03-12', '23:30', '23:58'),
      meeting('2024-03-13', '00:01', '00:30'), // 3 minutes later but another day
    ]);
    expect(week.backToBackChains).toBe(3);
  });

  it('sums the full length of every meeting that overlaps another', () => {
    const week = measureWeek([
      meeting('2024-03-11', '09:00', '10:00'),
      meeting('2024-03-11', '09:30', '10:30'), // 1 + 1
      meeting('2024-03-11', '11:00', '13:00'),
      meeting('2024-03-11', '11:15', '11:30'),
      meeting('2024-03-11', '12:30', '12:45'), // 2 + 0.25 + 0.25, the last one only overlaps the long one
      meeting('2024-03-11', '14:00', '15:00'),
      meeting('2024-03-11', '15:00', '16:00'), // touching is not overlapping
    ]);
    expect(week.conflictingHours).toBe(4.5);
  });

  it('counts a meeting at 08:00 and weekend meetings as after hours', () => {
    const week = measureWeek([
      meeting('2024-03-11', '08:00', '09:30'), // 1 h before 09:00
      meeting('2024-03-12', '16:30', '17:30'), // 0.5 h after 17:00
      meeting('2024-03-16', '10:00', '11:00'), // Saturday
      meeting('2024-03-13', '10:00', '11:00'), // inside
    ]);
    expect(week.afterHoursMeetingHours).toBe(2.5);
  });

  it('does not count a meeting during out-of-office time as after hours', () => {
    const week = measureWeek([
      allDay('2024-03-13', '2024-03-14', { kind: 'out-of-office', title: 'Vacation', attendees: [] }),
      meeting('2024-03-13', '10:00', '11:00'),
    ]);
    expect(week.afterHoursMeetingHours).toBe(0);
    expect(week.meetingShareOfWorkingTime).toBe(0);
  });

  it('removes 8 hours for an all-day out-of-office day', () => {
    const week = measureWeek([allDay('2024-03-13', '2024-03-14', { kind: 'out-of-office', title: 'Vacation', attendees: [] })]);
    expect(week.workingHours).toBe(32);
    expect(week.outOfOfficeHours).toBe(8);
    expect(week.focusHours).toBe(32);
  });

  it('removes whole local days for a multi-day out-of-office in the person zone', () => {
    const week = measureWeek(
      [allDay('2024-03-14', '2024-03-18', { kind: 'out-of-office', title: 'PTO', attendees: [] })],
      { person: makePerson({ timeZone: LOS_ANGELES }), window: { fromMs: at('2024-03-11T00:00', LOS_ANGELES), toMs: at('2024-03-18T00:00', LOS_ANGELES) } },
    );
    expect(week.workingHours).toBe(24);
    expect(week.outOfOfficeHours).toBe(16);
  });

  it('subtracts timed out-of-office blocks from working time only', () => {
    const week = measureWeek([
      meeting('2024-03-14', '13:00', '15:00', { kind: 'out-of-office', title: 'Doctor', attendees: [] }),
      meeting('2024-03-16', '10:00', '12:00', { kind: 'out-of-office', title: 'OOO', attendees: [] }),
    ]);
    expect(week.workingHours).toBe(38);
    expect(week.outOfOfficeHours).toBe(2);
  });

  it('ignores declined, excluded, solo, all-day and focus occurrences as meetings', () => {
    const week = measureWeek([
      meeting('2024-03-11', '09:00', '10:00'),
      meeting('2024-03-11', '09:30', '10:30', { kind: 'excluded', excludedReason: 'declined', selfResponse: 'declined' }),
      meeting('2024-03-11', '09:00', '11:00', { kind: 'excluded', excludedReason: 'cancelled', status: 'cancelled' }),
      meeting('2024-03-11', '13:00', '14:00', { kind: 'solo', attendees: [] }),
      meeting('2024-03-11', '14:00', '15:00', { kind: 'focus', title: 'Focus', attendees: [] }),
      allDay('2024-03-12', '2024-03-13', { kind: 'all-day', title: 'Release day' }),
    ]);
    expect(week.meetingCount).toBe(1);
    expect(week.meetingHours).toBe(1);
    expect(week.conflictingHours).toBe(0);
    expect(week.workingHours).toBe(40);
  });

  it('counts hours in meetings with more than largeMeetingAttendees participants', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => person(`p${i}@example.com`));
    const week = measureWeek([
      meeting('2024-03-11', '09:00', '10:00', { organizer: 'p0@example.com', attendees: many(9) }),
      meeting('2024-03-12', '09:00', '11:00', { organizer: 'p0@example.com', attendees: many(8) }),
      // Rooms are not people.
      meeting('2024-03-13', '09:00', '11:00', {
        organizer: 'p0@example.com',
        attendees: [...many(8), person('room@example.com', { isResource: true })],
      }),
    ]);
    expect(week.largeMeetingHours).toBe(1);
  });

  it('counts hours in meetings longer than longMeetingMin', () => {
    const week = measureWeek([meeting('2024-03-11', '09:00', '10:00'), meeting('2024-03-12', '09:00', '10:30')]);
    expect(week.longMeetingHours).toBe(1.5);
  });

  it('counts days with more than meetingHeavyDayHours of merged meetings', () => {
    const week = measureWeek([
      meeting('2024-03-11', '09:00', '13:00'), // 4 h: not more than 4
      meeting('2024-03-12', '09:00', '13:30'), // heavy
      meeting('2024-03-13', '09:00', '12:00'),
      meeting('2024-03-13', '10:00', '13:00'), // 6 h summed, 4 h merged: not heavy
      meeting('2024-03-14', '09:00', '11:00'),
      meeting('2024-03-14', '11:00', '13:00'),
      meeting('2024-03-14', '14:00', '14:30'), // heavy
    ]);
    expect(week.meetingHeavyDays).toBe(2);
  });

  it('measures short notice per occurrence among meetings with a known creation time', () => {
    const start = at('2024-03-11T09:00');
    const week = measureWeek([
      meeting('2024-03-11', '09:00', '10:00', { createdMs: start - 2 * HOUR_MS }), // short
      meeting('2024-03-11', '11:00', '12:00', { createdMs: null }), // unknown: left out
      meeting('2024-03-12', '09:00', '10:00', { createdMs: at('2024-03-12T09:00') - 24 * HOUR_MS + 60_000 }), // short
      meeting('2024-03-13', '09:00', '10:00', { createdMs: at('2024-03-13T09:00') - 24 * HOUR_MS }), // not less than 24 h
      // A later instance of a series created yesterday is not short notice.
      meeting('2024-03-15', '09:00', '10:00', { recurrence: weekly, seriesId: 's', createdMs: start - 20 * HOUR_MS }),
    ]);
    expect(week.shortNoticeShare).toBe(0.5);
  });

  it('reports no short-notice share when no meeting has a creation time', () => {
    expect(measureWeek([meeting('2024-03-11', '09:00', '10:00')]).shortNoticeShare).toBeNull();
  });

  it('sums attendee hours over participants and prices them at the person rate, else the default', () => {
    const occurrences = [
      meeting('2024-03-11', '09:00', '10:00', { attendees: [person('ada@example.com'), person('bob@example.com'), person('cy@example.com')] }),
      meeting('2024-03-11', '09:30', '10:00', {
        organizer: 'bob@example.com',
        attendees: [person('ada@example.com'), person('cy@example.com'), person('di@example.com'), person('room@example.com', { isResource: true })],
      }),
    ];
    const own = measureWeek(occurrences, { person: makePerson({ hourlyRate: 100 }) });
    expect(own.attendeeHours).toBe(5);
    expect(own.attendeeCost).toBe(500);
    const fallback = measureWeek(occurrences, { defs: { ...DEFAULT_DEFINITIONS, hourlyRate: 50 } });
    expect(fallback.attendeeCost).toBe(250);
    expect(measureWeek(occurrences).attendeeCost).toBeNull();
  });

  it('keeps 40 working hours in America/Los_Angeles across both US DST changes', () => {
    const la = makePerson({ timeZone: LOS_ANGELES });
    const spring = measurePersonWeeks(
      la,
      [
        meeting('2024-03-04', '09:00', '10:00', {}, LOS_ANGELES), // PST: 17:00 UTC
        meeting('2024-03-11', '09:00', '10:00', {}, LOS_ANGELES), // PDT: 16:00 UTC
      ],
      DEFAULT_DEFINITIONS,
      { fromMs: at('2024-03-04T00:00', LOS_ANGELES), toMs: at('2024-03-18T00:00', LOS_ANGELES) },
    );
    expect(spring.map((w) => [w.week, w.workingHours, w.afterHoursMeetingHours, w.focusHours])).toEqual([
      ['2024-W10', 40, 0, 39],
      ['2024-W11', 40, 0, 39],
    ]);
    const autumn = measurePersonWeeks(la, [], DEFAULT_DEFINITIONS, {
      fromMs: at('2024-10-28T00:00', LOS_ANGELES),
      toMs: at('2024-11-11T00:00', LOS_ANGELES),
    });
    expect(autumn.map((w) => [w.week, w.workingHours])).toEqual([
      ['2024-W44', 40],
      ['2024-W45', 40],
    ]);
  });

  it('places meetings in the week and day in which they start in the person zone', () => {
    const la = makePerson({ timeZone: LOS_ANGELES });
    // Monday 2024-03-18 03:00 UTC is Sunday 20:00 in Los Angeles: week 11, after hours.
    const late = makeOccurrence({ startMs: Date.parse('2024-03-18T03:00Z'), endMs: Date.parse('2024-03-18T04:00Z') });
    const weeks = measurePersonWeeks(la, [late], DEFAULT_DEFINITIONS, {
      fromMs: at('2024-03-11T00:00', LOS_ANGELES),
      toMs: at('2024-03-25T00:00', LOS_ANGELES),
    });
    expect(weeks.map((w) => [w.week, w.meetingCount, w.afterHoursMeetingHours])).toEqual([
      ['2024-W11', 1, 1],
      ['2024-W12', 0, 0],
    ]);
  });

  it('compares a meeting running past Sunday midnight with the next Monday working hours', () => {
    const nightShift = makePerson({ workingHours: { days: [1, 2, 3, 4, 5], startMin: 0, endMin: 8 * 60 } });
    const weeks = measurePersonWeeks(nightShift, [meeting('2024-03-17', '23:30', '23:30', { endMs: at('2024-03-18T00:30') })], DEFAULT_DEFINITIONS, {
      fromMs: W11.fromMs,
      toMs: W11.toMs + 7 * DAY_MS,
    });
    expect(weeks.map((w) => [w.week, w.meetingHours, w.afterHoursMeetingHours])).toEqual([
      ['2024-W11', 1, 0.5],
      ['2024-W12', 0, 0],
    ]);
  });

  it('handles the half-hour offset of Asia/Kolkata', () => {
    const week = measureWeek(
      [
        meeting('2024-03-11', '09:00', '10:00', {}, KOLKATA), // 03:30 UTC: inside
        meeting('2024-03-12', '16:30', '17:30', {}, KOLKATA), // half an hour after 17:00 IST
        // Sunday 2024-03-10 20:00 UTC is Monday 01:30 IST: this week, on Monday.
        makeOccurrence({ startMs: Date.parse('2024-03-10T20:00Z'), endMs: Date.parse('2024-03-10T21:00Z') }),
      ],
      { person: makePerson({ timeZone: KOLKATA }), window: { fromMs: at('2024-03-11T00:00', KOLKATA), toMs: at('2024-03-18T00:00', KOLKATA) } },
    );
    expect(week.week).toBe('2024-W11');
    expect(week.workingHours).toBe(40);
    expect(week.meetingCount).toBe(3);
    expect(week.afterHoursMeetingHours).toBe(1.5);
    expect(week.meetingShareOfWorkingTime).toBe(0.038); // 1.5 h of 40
  });

  it('clips working time and meetings to the window', () => {
    const week = measureWeek([meeting('2024-03-11', '09:00', '10:00'), meeting('2024-03-13', '09:00', '10:00')], {
      window: { fromMs: Date.parse('2024-03-13T00:00Z'), toMs: W11.toMs },
    });
    expect(week.workingHours).toBe(24);
    expect(week.meetingCount).toBe(1);
  });

  it('reads floating meetings as wall time in the person zone', () => {
    const week = measureWeek(
      [makeOccurrence({ startMs: Date.parse('2024-03-11T09:00Z'), endMs: Date.parse('2024-03-11T10:00Z'), floating: true })],
      { person: makePerson({ timeZone: LOS_ANGELES }), window: { fromMs: at('2024-03-11T00:00', LOS_ANGELES), toMs: at('2024-03-18T00:00', LOS_ANGELES) } },
    );
    expect(week.afterHoursMeetingHours).toBe(0);
    expect(week.meetingShareOfWorkingTime).toBe(0.025);
  });

  it('follows custom working days and hours', () => {
    const week = measureWeek([meeting('2024-03-15', '10:00', '11:00')], {
      person: makePerson({ workingHours: { days: [1, 2, 3, 4], startMin: 8 * 60, endMin: 18 * 60 } }),
    });
    expect(week.workingHours).toBe(40);
    expect(week.afterHoursMeetingHours).toBe(1); // Friday is a day off
  });
});
