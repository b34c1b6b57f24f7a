import { describe } from 'vitest';
import rule from '../../src/rules/no-meeting-day-breach.js';
import { calendars, context, email, occurrence, person, ruleTable, team } from './factory.js';

const ana = email('ana');
const bo = email('bo');
const cy = email('cy');
const WEDNESDAY = 3;

const roster = () => [person(ana), person(bo, { timeZone: 'Asia/Tokyo' }), person(cy)];
const eng = (over = {}) => team('eng', [ana, bo], { name: 'Engineering', noMeetingDay: WEDNESDAY, ...over });

describe('rules: no-meeting-day-breach', () => {
  ruleTable(rule, {
    valid: [
      {
        name: 'a team without a no-meeting day',
        ctx: () =>
          context({ meetings: [occurrence({ start: '2024-03-06T10:00:00Z' })], people: roster(), teams: [eng({ noMeetingDay: null })] }),
      },
      {
        name: 'meetings on Tuesday and Thursday',
        ctx: () =>
          context({
            meetings: [occurrence({ uid: 'tue', start: '2024-03-05T10:00:00Z' }), occurrence({ uid: 'thu', start: '2024-03-07T10:00:00Z' })],
            people: roster(),
            teams: [eng()],
          }),
      },
      {
        name: 'a Wednesday meeting the members declined',
        ctx: () =>
          context({
            meetings: [occurrence({ start: '2024-03-06T10:00:00Z', kind: 'excluded', excludedReason: 'declined' })],
            people: roster(),
            teams: [eng()],
          }),
      },
      {
        name: 'a Wednesday meeting of people outside the team',
        ctx: () =>
          context({
            meetings: [occurrence({ organizer: cy, people: [email('dee')], start: '2024-03-06T10:00:00Z' })],
            people: roster(),
            teams: [eng()],
          }),
      },
    ],
    invalid: [
      {
        name: 'flags each member who met on the no-meeting day',
        ctx: () =>
          context({
            // 10:00Z Wednesday is 19:00 Wednesday in Tokyo: both members breach it.
            meetings: [occurrence({ title: 'Design review', start: '2024-03-06T10:00:00Z' })],
            people: roster(),
            teams: [eng()],
          }),
        findings: [
          {
            message:
              "ana@example.com had 1 meeting (1.0 h) on no-meeting Wednesday in 2024-W10 (Engineering): 'Design review' 10:00",
            subject: { type: 'person-week', person: ana, week: '2024-W10' },
            evidence: {
              noMeetingDays: ['Wed'],
              teams: ['Engineering'],
              meetings: ["2024-03-06 10:00 'Design review' (60 min)"],
              meetingHours: 1,
            },
            hoursAtStake: 1,
          },
          {
            person: bo,
            evidence: { meetings: ["2024-03-06 19:00 'Design review' (60 min)"], timeZone: 'Asia/Tokyo' },
            hoursAtStake: 1,
          },
        ],
      },
      {
        name: "reads the weekday in the member's own zone",
        ctx: () =>
          context({
            // Tuesday 20:00Z is Wednesday 05:00 in Tokyo.
            meetings: [occurrence({ title: 'Late call', start: '2024-03-05T20:00:00Z' })],
            people: roster(),
            teams: [eng()],
          }),
        findings: [{ person: bo, evidence: { meetings: ["2024-03-06 05:00 'Late call' (60 min)"] }, hoursAtStake: 1 }],
      },
      {
        name: 'counts overlapping meetings once and gives one finding per person-week',
        ctx: () =>
          context({
            occurrencesByPerson: calendars(
              [
                occurrence({ uid: 'a', title: 'A', start: '2024-03-06T10:00:00Z' }),
                occurrence({ uid: 'b', title: 'B', start: '2024-03-06T10:30:00Z' }),
                occurrence({ uid: 'c', title: 'C', start: '2024-03-13T09:00:00Z', durationMin: 30 }),
              ],
              [ana],
            ),
            people: roster(),
            teams: [eng()],
          }),
        findings: [
          { week: '2024-W10', evidence: { meetings: ["2024-03-06 10:00 'A' (60 min)", "2024-03-06 10:30 'B' (60 min)"] }, hoursAtStake: 1.5 },
          { week: '2024-W11', hoursAtStake: 0.5 },
        ],
      },
      {
        name: 'finds members through their team ids as well as the member list',
        ctx: () =>
          context({
            occurrencesByPerson: calendars([occurrence({ start: '2024-03-06T10:00:00Z' })], [cy]),
            people: [person(ana), person(cy, { teams: ['eng'] })],
            teams: [eng()],
          }),
        findings: [{ person: cy, hoursAtStake: 1 }],
      },
      {
        name: 'lists every team whose day is breached',
        ctx: () =>
          context({
            occurrencesByPerson: calendars(
              [occurrence({ uid: 'w', start: '2024-03-06T10:00:00Z' }), occurrence({ uid: 'f', start: '2024-03-08T10:00:00Z' })],
              [ana],
            ),
            people: roster(),
            teams: [eng(), team('guild', [ana], { name: 'Frontend guild', noMeetingDay: 5 })],
          }),
        findings: [
          {
            message: /on no-meeting Wednesday and Friday in 2024-W10 \(Engineering, Frontend guild\)/,
            evidence: { noMeetingDays: ['Wed', 'Fri'], teams: ['Engineering', 'Frontend guild'] },
            hoursAtStake: 2,
          },
        ],
      },
    ],
  });
});
