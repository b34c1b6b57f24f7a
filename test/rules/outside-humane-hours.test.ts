import { describe, expect, it } from 'vitest';
import rule, { minutesOutsideHumaneHours } from '../../src/rules/outside-humane-hours.js';
import { at, attendees, context, email, hours, occurrence, person, ruleTable, series } from './factory.js';

const ana = email('ana'); // UTC, 09:00-17:00
const dev = email('dev'); // Asia/Kolkata (+05:30), 09:00-17:00 = 03:30-11:30Z
const bo = email('bo'); // Asia/Tokyo (+09:00)
const ext = 'guest@partner.com'; // not on the roster

const roster = (over: { devHumane?: ReturnType<typeof hours> } = {}) => [
  person(ana),
  person(dev, { timeZone: 'Asia/Kolkata', ...(over.devHumane ? { humaneHours: over.devHumane } : {}) }),
  person(bo, { timeZone: 'Asia/Tokyo' }),
];

describe('rules: outside-humane-hours', () => {
  describe('minutesOutsideHumaneHours', () => {
    const ny = person('ny@example.com', { timeZone: 'America/New_York' });
    it('reads humane hours in the local zone across the DST change', () => {
      // 13:00Z is 08:00 EST on Friday 8 March and 09:00 EDT on Monday 11 March 2024.
      expect(minutesOutsideHumaneHours(at('2024-03-08T13:00:00Z'), at('2024-03-08T14:00:00Z'), ny)).toBe(60);
      expect(minutesOutsideHumaneHours(at('2024-03-11T13:00:00Z'), at('2024-03-11T14:00:00Z'), ny)).toBe(0);
    });
    it('counts the part of a meeting past midnight on a non-humane day entirely', () => {
      const allDay = person('x@example.com', { timeZone: 'Asia/Tokyo', humaneHours: hours(0, 1440) });
      // Friday 23:30-24:00 in Tokyo is humane; Saturday 00:00-00:30 is not.
      expect(minutesOutsideHumaneHours(at('2024-03-08T14:30:00Z'), at('2024-03-08T15:30:00Z'), allDay)).toBe(30);
    });
    it('counts only the minutes before the humane window opens', () => {
      expect(minutesOutsideHumaneHours(at('2024-03-05T08:15:00Z'), at('2024-03-05T09:45:00Z'), person(ana))).toBe(45);
    });
    it('reads a window that wraps past midnight as two pieces of the day', () => {
      const night = person('n@example.com', { humaneHours: hours(22 * 60, 2 * 60) });
      expect(minutesOutsideHumaneHours(at('2024-03-05T01:00:00Z'), at('2024-03-05T03:00:00Z'), night)).toBe(60);
      expect(minutesOutsideHumaneHours(at('2024-03-05T21:00:00Z'), at('2024-03-05T23:00:00Z'), night)).toBe(60);
    });
  });

  ruleTable(rule, {
    valid: [
      {
        name: 'a meeting inside everyone’s humane hours',
        ctx: () => context({ meetings: [occurrence({ start: '2024-03-05T10:00:00Z', people: [dev] })], people: roster() }),
      },
      {
        name: 'a late meeting whose far-away attendees are not on the roster',
        ctx: () => context({ meetings: [occurrence({ start: '2024-03-05T10:00:00Z', people: [ext] })], people: roster() }),
      },
      {
        name: 'an attendee who declined does not pay',
        ctx: () =>
          context({
            meetings: [occurrence({ start: '2024-03-05T14:00:00Z', attendees: attendees([dev], { response: 'declined' }) })],
            people: roster(),
          }),
      },
      {
        name: 'a 30-minute tax when minTaxMinutes is 31',
        ctx: () => context({ meetings: [occurrence({ start: '2024-03-05T11:00:00Z', people: [dev] })], people: roster() }),
        options: { minTaxMinutes: 31 },
      },
      {
        name: 'a wider humane window the roster grants',
        ctx: () =>
          context({
            meetings: series({ seriesId: 's', start: '2024-03-05T14:00:00Z', people: [dev] }),
            people: roster({ devHumane: hours(8 * 60, 21 * 60) }),
          }),
      },
    ],
    invalid: [
      {
        name: 'flags a one-off that lands at 23:00 in Tokyo, naming who pays',
        ctx: () =>
          context({
            meetings: [occurrence({ uid: 'launch', title: 'Launch review', start: '2024-03-05T14:00:00Z', people: [bo, dev, ext] })],
            people: roster(),
          }),
        findings: [
          {
            message:
              "'Launch review' on 2024-03-05 14:00 UTC (60 min, 4 people) puts 2.0 h outside humane hours on 2 people " +
              '(bo@example.com 1.0 h, dev@example.com 1.0 h)',
            subject: { type: 'occurrence', uid: 'launch' },
            person: ana,
            week: '2024-W10',
            evidence: {
              payers: [bo, dev],
              payerRegions: ['APAC', 'APAC'],
              payerHoursPerWeek: [1, 1],
              payerLocalTimes: ['Tue 23:00-00:00 Asia/Tokyo', 'Tue 19:30-20:30 Asia/Kolkata'],
              organizerRegion: 'Other',
              knownAttendees: 3,
            },
            hoursAtStake: 2,
          },
        ],
      },
      {
        name: 'flags a weekly series once and finds the humane slot nearest the current one',
        ctx: () =>
          context({
            meetings: series({ seriesId: 'g', title: 'Global sync', start: '2024-03-05T14:00:00Z', people: [dev, ext] }),
            people: roster(),
          }),
        findings: [
          {
            message:
              "Weekly 'Global sync' (60 min) puts 1.0 h a week outside humane hours on 1 person (dev@example.com 1.0 h); " +
              'starting at 10:30Z (Tue 10:30-11:30 UTC) would fit 2 of 2 known attendees and leave 0.0 h',
            subject: { type: 'series', seriesId: 'g' },
            person: ana,
            week: null,
            evidence: {
              payers: [dev],
              payerHoursPerWeek: [1],
              currentSlotUtc: '14:00Z',
              bestSlotUtc: '10:30Z',
              bestSlotOrganizerZone: 'Tue 10:30-11:30 UTC',
              bestSlotFits: 2,
              knownAttendees: 2,
              bestSlotTaxHoursPerWeek: 0,
              bestSlotImproves: true,
            },
            hoursAtStake: 1,
          },
        ],
      },
      {
        name: 'breaks ties between humane slots toward the current start',
        ctx: () =>
          context({ meetings: series({ seriesId: 'e', start: '2024-03-05T07:00:00Z', people: [dev] }), people: roster() }),
        findings: [{ evidence: { payers: [ana], bestSlotUtc: '09:00Z', currentSlotUtc: '07:00Z' }, hoursAtStake: 1 }],
      },
      {
        name: 'weighs a daily series by occurrences per week',
        ctx: () =>
          context({
            meetings: series({ seriesId: 'd', cadence: 'daily', weekdaysOnly: true, start: '2024-03-04T14:00:00Z', people: [dev] }),
            people: roster(),
          }),
        findings: [{ evidence: { payers: [dev], payerHoursPerWeek: [5], perWeek: 5 }, hoursAtStake: 5 }],
      },
      {
        name: 'says so when no slot on the grid does better',
        ctx: () =>
          context({
            // UTC 09-17 and Tokyo 09-17 (00-08Z) never overlap: every start costs someone an hour, as 07:00Z does.
            meetings: series({ seriesId: 'n', title: 'Pacific sync', start: '2024-03-05T07:00:00Z', people: [bo] }),
            people: roster(),
          }),
        findings: [
          {
            message: /no start on the 30-minute grid does better$/,
            evidence: { payers: [ana], bestSlotImproves: false, bestSlotUtc: '07:00Z', bestSlotFits: 1, bestSlotTaxHoursPerWeek: 1 },
            hoursAtStake: 1,
          },
        ],
      },
      {
        name: 'gives the best slot in the organizer’s own zone',
        ctx: () =>
          context({
            meetings: series({ seriesId: 'o', organizer: dev, people: [bo], start: '2024-03-05T01:00:00Z' }),
            people: roster(),
          }),
        findings: [
          {
            person: dev,
            evidence: { payers: [dev], bestSlotUtc: '03:30Z', bestSlotOrganizerZone: 'Tue 09:00-10:00 Asia/Kolkata', bestSlotFits: 2 },
            hoursAtStake: 1,
          },
        ],
      },
    ],
  });

  it('skips known attendees below minTaxMinutes but keeps the rest', () => {
    const ctx = context({
      meetings: [occurrence({ start: '2024-03-05T11:00:00Z', durationMin: 90, people: [dev, bo] })],
      people: roster(),
    });
    // dev: 11:30-12:30Z outside (60 min); bo: 20:00-21:30 Tokyo outside (90 min).
    const [f] = rule.check(ctx, rule.options.parse({ minTaxMinutes: 61 }));
    expect(f.evidence.payers).toEqual([bo]);
    expect(f.hoursAtStake).toBeCloseTo(1.5, 9);
  });
});
