import { z } from 'zod';
import { defineRule, type RawFinding } from './define-rule.js';
import {
  compilePatterns,
  describeSeries,
  formatHours,
  isValidPattern,
  seriesEvidence,
  seriesGroupsOf,
  seriesSubject,
} from './support.js';

/** Title lexicon of status meetings (case-insensitive, word-bounded regular expressions). */
export const STATUS_TITLE_PATTERNS: readonly string[] = [
  '\\bstand[- ]?ups?\\b',
  '\\bdaily scrum\\b',
  '\\bstatus\\b',
  '\\bsyncs?\\b',
  '\\bcheck[- ]?ins?\\b',
  '\\bweekly updates?\\b',
  '\\bround[- ]?robin\\b',
  '\\bhuddles?\\b',
];

export default defineRule({
  id: 'status-meeting-could-be-async',
  description:
    'Frequent, short, many-person status meetings (stand-ups, syncs, check-ins) that a written async update could replace.',
  definition:
    'A recurring meeting series held at least `minPerWeek` times a week, with at least `minParticipants` participants ' +
    'and a median length of at most `maxDurationMin` minutes, whose title matches one of `titlePatterns` ' +
    '(case-insensitive; private titles never match).',
  severity: 'info',
  options: z.strictObject({
    minPerWeek: z.number().min(0).default(1),
    minParticipants: z.number().min(1).default(3),
    maxDurationMin: z.number().positive().default(60),
    titlePatterns: z
      .array(z.string().refine(isValidPattern, { message: 'not a valid regular expression' }))
      .default([...STATUS_TITLE_PATTERNS]),
  }),
  check(ctx, options) {
    const patterns = compilePatterns(options.titlePatterns);
    const findings: RawFinding[] = [];
    for (const { summary, instances } of seriesGroupsOf(ctx)) {
      if (summary.perWeek < options.minPerWeek) continue;
      if (summary.participants < options.minParticipants) continue;
      if (summary.durationMin > options.maxDurationMin) continue;
      if (instances.some((i) => i.occurrence.isPrivate)) continue;
      let matched: { pattern: string; text: string } | null = null;
      for (let k = 0; k < patterns.length && !matched; k++) {
        const m = patterns[k].exec(summary.title);
        if (m) matched = { pattern: options.titlePatterns[k], text: m[0] };
      }
      if (!matched) continue;
      const perWeek = Number.isInteger(summary.perWeek) ? String(summary.perWeek) : summary.perWeek.toFixed(1);
      findings.push({
        subject: seriesSubject(summary),
        person: summary.organizer,
        week: null,
        message:
          `${describeSeries(summary)}, ${perWeek}× a week, looks like a status meeting: an async update would free ` +
          `${formatHours(summary.weeklyAttendeeHours)} attendee-hours a week`,
        evidence: { ...seriesEvidence(summary), matchedPattern: matched.pattern, matchedText: matched.text },
        hoursAtStake: summary.weeklyAttendeeHours,
      });
    }
    return findings;
  },
});
