import { describe } from 'vitest';
import rule from '../../src/rules/recurring-without-agenda.js';
import { calendars, context, email, occurrence, ruleTable, series } from './factory.js';

const ana = email('ana');
const twelve = Array.from({ length: 11 }, (_, i) => email(`p${i + 1}`));

describe('rules: recurring-without-agenda', () => {
  ruleTable(rule, {
    valid: [
      {
        name: 'a weekly series whose description is exactly 20 characters',
        ctx: () => context({ meetings: series({ seriesId: 's1', agendaChars: 20 }) }),
      },
      {
        name: 'a series with an attachment and no text',
        ctx: () =>
          context({
            meetings: series({ seriesId: 's1', agenda: { textLength: 0, text: '', attachmentCount: 1, hasNoteTaker: false } }),
          }),
      },
      {
        name: 'a series whose agenda arrived on the latest occurrence',
        ctx: () => {
          const list = series({ seriesId: 's1' });
          list[list.length - 1] = { ...list[list.length - 1], agenda: { ...list[0].agenda, textLength: 80 } };
          return context({ meetings: list });
        },
      },
      {
        name: 'a one-off meeting without agenda (not recurring)',
        ctx: () => context({ meetings: [occurrence()] }),
      },
      {
        name: 'a series everyone declined',
        ctx: () =>
          context({ meetings: series({ seriesId: 's1', kind: 'excluded', excludedReason: 'declined' }) }),
      },
      {
        name: 'a 12-character description when minAgendaChars is 10',
        ctx: () => context({ meetings: series({ seriesId: 's1', agendaChars: 12 }) }),
        options: { minAgendaChars: 10 },
      },
    ],
    invalid: [
      {
        name: 'flags a weekly 45-minute, 12-person series with an empty description once, not per calendar',
        ctx: () => {
          const meetings = series({ seriesId: 'sync', title: 'Team sync', durationMin: 45, people: twelve });
          const ctx = context({ meetings });
          if (ctx.occurrencesByPerson.size !== 12) throw new Error('expected 12 calendars');
          return ctx;
        },
        findings: [
          {
            message: "Weekly 'Team sync' (45 min, 12 people) has no agenda: 9.0 attendee-hours a week",
            subject: { type: 'series', seriesId: 'sync', title: 'Team sync' },
            person: ana,
            week: null,
            evidence: { participants: 12, durationMin: 45, perWeek: 1, descriptionChars: 0, attachmentCount: 0, minAgendaChars: 20 },
            hoursAtStake: 9,
          },
        ],
      },
      {
        name: 'flags a 19-character description (link boilerplate already stripped)',
        ctx: () => context({ meetings: series({ seriesId: 's1', agendaChars: 19 }) }),
        findings: [{ evidence: { descriptionChars: 19 }, hoursAtStake: 3 }],
      },
      {
        name: 'flags a series whose latest occurrence lost its agenda',
        ctx: () => {
          const list = series({ seriesId: 's1', agendaChars: 100 });
          list[list.length - 1] = { ...list[list.length - 1], agenda: { ...list[0].agenda, textLength: 0 } };
          return context({ meetings: list });
        },
        findings: [{ subject: { seriesId: 's1' }, evidence: { latestStart: '2024-03-26T10:00:00Z' } }],
      },
      {
        name: 'flags a daily weekday stand-up at 5 occurrences a week',
        ctx: () =>
          context({
            meetings: series({
              seriesId: 'daily',
              title: 'Stand-up',
              cadence: 'daily',
              start: '2024-03-04T09:00:00Z',
              weekdaysOnly: true,
              durationMin: 15,
              people: [email('bo'), email('cy'), email('dee')],
            }),
          }),
        findings: [
          {
            message: "Daily 'Stand-up' (15 min, 4 people) has no agenda: 5.0 attendee-hours a week",
            evidence: { cadence: 'daily', perWeek: 5, occurrencesInWindow: 20 },
            hoursAtStake: 5,
          },
        ],
      },
      {
        name: 'flags a private series without revealing its description',
        ctx: () =>
          context({
            meetings: series({
              seriesId: 'p1',
              title: 'Private event',
              isPrivate: true,
              agenda: { textLength: 6, text: 'SECRET', attachmentCount: 0, hasNoteTaker: false },
            }),
          }),
        findings: [{ subject: { title: 'Private event' }, evidence: { descriptionChars: 6 } }],
      },
      {
        name: 'reports the cost when an hourly rate is configured',
        ctx: () => ({
          ...context({ meetings: series({ seriesId: 's1' }), definitions: { hourlyRate: 80 } }),
        }),
        findings: [{ evidence: { weeklyCost: 240 }, hoursAtStake: 3 }],
      },
      {
        name: 'one finding per series when two series lack agendas',
        ctx: () =>
          context({
            occurrencesByPerson: calendars([
              ...series({ seriesId: 'a', durationMin: 30 }),
              ...series({ seriesId: 'b', durationMin: 90 }),
            ]),
          }),
        findings: [
          { subject: { seriesId: 'b' }, hoursAtStake: 4.5 },
          { subject: { seriesId: 'a' }, hoursAtStake: 1.5 },
        ],
      },
    ],
  });
});
