import { describe, expect, it } from 'vitest';
import rule, { STATUS_TITLE_PATTERNS } from '../../src/rules/status-meeting-could-be-async.js';
import { compilePatterns } from '../../src/rules/support.js';
import { context, email, occurrence, ruleTable, series } from './factory.js';

const eight = Array.from({ length: 7 }, (_, i) => email(`p${i + 1}`));

describe('rules: status-meeting-could-be-async', () => {
  describe('title lexicon', () => {
    const patterns = compilePatterns([...STATUS_TITLE_PATTERNS]);
    const matches = (title: string) => patterns.some((p) => p.test(title));
    it.each([
      'Daily stand-up',
      'Standup',
      'Eng stand up',
      'Daily Scrum',
      'Weekly status',
      'Team sync',
      'Sync-up with design',
      'Monday check-in',
      'Checkin',
      'Weekly update',
      'Round-robin',
      'Roundrobin updates',
      'Ops huddle',
    ])('matches %s', (title) => expect(matches(title)).toBe(true));
    it.each(['Async Q&A', 'Synchronize builds', 'Statuses page launch', 'Design review', 'Checkout flow', 'Private event'])(
      'does not match %s',
      (title) => expect(matches(title)).toBe(false),
    );
  });

  ruleTable(rule, {
    valid: [
      { name: 'a title outside the lexicon', ctx: () => context({ meetings: series({ seriesId: 's', title: 'Design review' }) }) },
      {
        name: 'a stand-up of two people',
        ctx: () => context({ meetings: series({ seriesId: 's', title: 'Stand-up', people: [email('bo')] }) }),
      },
      {
        name: 'a status meeting of 61 minutes',
        ctx: () => context({ meetings: series({ seriesId: 's', title: 'Weekly status', durationMin: 61 }) }),
      },
      {
        name: 'a biweekly sync (0.5 a week)',
        ctx: () => context({ meetings: series({ seriesId: 's', title: 'Team sync', cadence: 'biweekly' }) }),
      },
      { name: 'a one-off status meeting', ctx: () => context({ meetings: [occurrence({ title: 'Status' })] }) },
      {
        name: 'a private series (its title is redacted)',
        ctx: () => context({ meetings: series({ seriesId: 's', title: 'Private event', isPrivate: true }) }),
      },
      {
        name: 'a stand-up series with one private occurrence (the series is treated as private)',
        ctx: () => {
          const list = series({ seriesId: 's', title: 'Daily stand-up' });
          list[1] = { ...list[1], title: 'Private event', isPrivate: true };
          return context({ meetings: list });
        },
      },
      {
        name: 'a stand-up when custom patterns replace the lexicon',
        ctx: () => context({ meetings: series({ seriesId: 's', title: 'Daily stand-up' }) }),
        options: { titlePatterns: ['\\bretro\\b'] },
      },
    ],
    invalid: [
      {
        name: 'flags a daily 15-minute stand-up of 8 people',
        ctx: () =>
          context({
            meetings: series({
              seriesId: 'su',
              title: 'Eng stand-up',
              cadence: 'daily',
              weekdaysOnly: true,
              durationMin: 15,
              people: eight,
            }),
          }),
        findings: [
          {
            message:
              "Daily 'Eng stand-up' (15 min, 8 people), 5× a week, looks like a status meeting: an async update would free 10.0 attendee-hours a week",
            subject: { type: 'series', seriesId: 'su' },
            evidence: { matchedText: 'stand-up', matchedPattern: '\\bstand[- ]?ups?\\b', perWeek: 5, participants: 8 },
            hoursAtStake: 10,
          },
        ],
      },
      {
        name: 'flags a weekly 30-minute team sync of 4',
        ctx: () =>
          context({
            meetings: series({ seriesId: 'ts', title: 'Team Sync', durationMin: 30, people: [email('bo'), email('cy'), email('dee')] }),
          }),
        findings: [{ evidence: { matchedText: 'Sync' }, hoursAtStake: 2 }],
      },
      {
        name: 'flags a 60-minute check-in of 3 (limits are inclusive)',
        ctx: () => context({ meetings: series({ seriesId: 'ci', title: 'Weekly check-in' }) }),
        findings: [{ evidence: { matchedText: 'check-in' }, hoursAtStake: 3 }],
      },
      {
        name: 'flags a title matched by a custom pattern',
        ctx: () => context({ meetings: series({ seriesId: 'r', title: 'Sprint Retro', durationMin: 30 }) }),
        options: { titlePatterns: ['\\bretro\\b'] },
        findings: [{ evidence: { matchedPattern: '\\bretro\\b', matchedText: 'Retro' }, hoursAtStake: 1.5 }],
      },
    ],
  });
});
