import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { resolveRules, runRules, type RulesConfig } from '../../src/rules/engine.js';
import { getRule, rules } from '../../src/rules/registry.js';
import { context, email, series, weekMetrics } from './factory.js';

const ana = email('ana');
const bo = email('bo');

/** focus-starved 6 h, meeting-overload 4 h, back-to-back 0.75 h (ana); focus-starved 0.75 h (bo). */
const ctx = () =>
  context({
    weeksByPerson: {
      [ana]: [
        weekMetrics({ focusHours: 4, meetingHours: 24, meetingShareOfWorkingTime: 0.6, backToBackChains: 3 }),
      ],
      [bo]: [weekMetrics({ focusHours: 9.25 })],
    },
  });

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('rules: engine', () => {
  it('ranks findings by hours at stake, then rule id, then message', () => {
    const findings = runRules(ctx());
    expect(findings.map((f) => [f.ruleId, f.person, f.hoursAtStake])).toEqual([
      ['focus-starved', ana, 6],
      ['meeting-overload', ana, 4],
      ['back-to-back', ana, 0.75],
      ['focus-starved', bo, 0.75],
    ]);
  });

  it('breaks equal stakes by rule id before message', () => {
    // double-booked ("ana was ...") sorts after focus-starved ("ana had ...") by message, before it by id.
    const findings = runRules(context({ weeksByPerson: { [ana]: [weekMetrics({ conflictingHours: 1.5, focusHours: 9.25 })] } }));
    expect(findings.map((f) => [f.ruleId, f.hoursAtStake])).toEqual([
      ['double-booked', 0.75],
      ['focus-starved', 0.75],
    ]);
  });

  it('stamps the rule id and severity, keeping per-finding escalations', () => {
    const findings = runRules(
      context({ weeksByPerson: { [ana]: [weekMetrics({ meetingHours: 32, meetingShareOfWorkingTime: 0.8 })] } }),
    );
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['meeting-overload', 'critical']]);
    expect(runRules(ctx()).find((f) => f.ruleId === 'back-to-back')?.severity).toBe('warning');
  });

  it('skips a disabled rule', () => {
    const findings = runRules(ctx(), { 'focus-starved': { enabled: false } });
    expect(findings.map((f) => f.ruleId)).toEqual(['meeting-overload', 'back-to-back']);
  });

  it('overrides the severity of every finding of a rule', () => {
    const findings = runRules(ctx(), { 'focus-starved': { severity: 'critical' }, 'meeting-overload': { severity: 'info' } });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['focus-starved', 'critical'],
      ['meeting-overload', 'info'],
      ['back-to-back', 'warning'],
      ['focus-starved', 'critical'],
    ]);
  });

  it("lets a severity override replace a rule's own escalation", () => {
    const critical = context({ weeksByPerson: { [ana]: [weekMetrics({ meetingHours: 32, meetingShareOfWorkingTime: 0.8 })] } });
    expect(runRules(critical, { 'meeting-overload': { severity: 'info' } }).map((f) => f.severity)).toEqual(['info']);
  });

  it('passes validated options with defaults filled', () => {
    const findings = runRules(ctx(), { 'focus-starved': { options: { minFocusHours: 5 } } });
    expect(findings.filter((f) => f.ruleId === 'focus-starved').map((f) => f.hoursAtStake)).toEqual([1]);
  });

  it('rejects an invalid option, naming the rule and the option', () => {
    const e = thrown(() => runRules(ctx(), { 'large-meeting': { options: { maxAttendees: 'eight' } } }));
    expect(e.code).toBe('invalid-input');
    expect(e.location).toBe('rules.large-meeting.options.maxAttendees');
    expect(e.message).toContain('large-meeting');
    expect(e.message).toContain('maxAttendees');
  });

  it('rejects an option the rule does not have', () => {
    const e = thrown(() => runRules(ctx(), { 'back-to-back': { options: { minChain: 2 } } }));
    expect(e.location).toBe('rules.back-to-back.options.minChain');
    expect(e.message).toMatch(/back-to-back.*unknown option "minChain"/);
  });

  it('rejects a title pattern that is not a regular expression, with its index', () => {
    const e = thrown(() => runRules(ctx(), { 'status-meeting-could-be-async': { options: { titlePatterns: ['ok', '(('] } } }));
    expect(e.location).toBe('rules.status-meeting-could-be-async.options.titlePatterns[1]');
    expect(e.message).toContain('not a valid regular expression');
  });

  it('validates the options of a disabled rule too', () => {
    const e = thrown(() => runRules(ctx(), { 'focus-starved': { enabled: false, options: { minFocusHours: -1 } } }));
    expect(e.location).toBe('rules.focus-starved.options.minFocusHours');
  });

  it('rejects an unknown rule id', () => {
    const e = thrown(() => runRules(ctx(), { 'too-many-meetings': { enabled: false } }));
    expect(e.location).toBe('rules.too-many-meetings');
    expect(e.message).toContain('unknown rule "too-many-meetings"');
  });

  it.each<[string, RulesConfig, string]>([
    ['a bad severity', { 'long-meeting': { severity: 'fatal' as never } }, 'rules.long-meeting.severity'],
    ['a non-boolean enabled', { 'long-meeting': { enabled: 'no' as never } }, 'rules.long-meeting.enabled'],
    ['an unknown setting', { 'long-meeting': { options: {}, level: 2 } as never }, 'rules.long-meeting.level'],
    ['settings that are not an object', { 'long-meeting': 'off' as never }, 'rules.long-meeting'],
  ])('rejects %s', (_name, config, location) => {
    expect(thrown(() => resolveRules(config)).location).toBe(location);
  });

  it('gives the same output whatever order the calendars arrive in', () => {
    const meetings = [
      ...series({ seriesId: 'a', title: 'Team sync', durationMin: 30 }),
      ...series({ seriesId: 'b', title: 'Other sync', durationMin: 30 }),
    ];
    const forward = context({ meetings });
    const reversed = { ...forward, occurrencesByPerson: new Map([...forward.occurrencesByPerson].reverse()) };
    const a = runRules(forward);
    expect(a.length).toBeGreaterThan(2);
    expect(runRules(reversed)).toEqual(a);
    // Equal stakes from the same rule fall back to the message: 'Other sync' before 'Team sync'.
    const same = a.filter((f) => f.ruleId === 'recurring-without-agenda').map((f) => f.subject.type === 'series' && f.subject.seriesId);
    expect(same).toEqual(['b', 'a']);
  });

  it('rounds hours at stake to 0.01 h', () => {
    const findings = runRules(context({ weeksByPerson: { [ana]: [weekMetrics({ focusHours: 10 - 1 / 3 })] } }));
    expect(findings[0].hoursAtStake).toBe(0.33);
  });
});

describe('rules: registry', () => {
  it('holds kebab-case ids, once each, each in a file of its name', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(() => readFileSync(new URL(`../../src/rules/${id}.ts`, import.meta.url))).not.toThrow();
      expect(() => readFileSync(new URL(`./${id}.test.ts`, import.meta.url))).not.toThrow();
    }
    expect(ids).toHaveLength(13);
  });

  it('finds a rule by id', () => {
    expect(getRule('large-meeting')?.id).toBe('large-meeting');
    expect(getRule('nope')).toBeUndefined();
  });

  it('gives every rule documented defaults (an empty options object parses)', () => {
    for (const r of rules) expect(() => r.options.parse({}), r.id).not.toThrow();
  });

  it('documents every rule with its exact definition in the README', () => {
    const doc = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const r of rules) {
      expect(doc, r.id).toContain(`\`${r.id}\``);
      expect(doc, r.id).toContain(r.definition);
      expect(r.description.length, r.id).toBeGreaterThan(10);
    }
  });
});
