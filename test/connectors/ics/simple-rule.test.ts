import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { parseSimpleRule, simpleRuleInstances, startMatches } from '../../../src/connectors/ics/simple-rule.js';

function icalWalls(rule: string, start: Date, limit: number): number[] {
  const recur = ICAL.Recur.fromString(rule);
  const it = recur.iterator(
    ICAL.Time.fromData({
      year: start.getUTCFullYear(),
      month: start.getUTCMonth() + 1,
      day: start.getUTCDate(),
      hour: start.getUTCHours(),
      minute: start.getUTCMinutes(),
      second: 0,
      isDate: false,
    }),
  );
  const out: number[] = [];
  for (let t = it.next(); t && out.length < limit; t = it.next()) out.push(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
  return out;
}

function ourWalls(rule: string, start: Date, limit: number): number[] {
  const simple = parseSimpleRule(rule)!;
  const until = simple.until ? Date.UTC(+simple.until.slice(0, 4), +simple.until.slice(4, 6) - 1, +simple.until.slice(6, 8), +simple.until.slice(9, 11), +simple.until.slice(11, 13)) : null;
  const out: number[] = [];
  for (const w of simpleRuleInstances(simple, start.getTime(), until)) {
    out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}

describe('connectors: ics simple-rule fast path', () => {
  it('leaves rules it does not handle to ical.js', () => {
    for (const rule of ['FREQ=MONTHLY;BYDAY=2TU', 'FREQ=WEEKLY;BYDAY=-1FR', 'FREQ=DAILY;BYHOUR=9,17', 'FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO', 'FREQ=YEARLY']) {
      expect(parseSimpleRule(rule), rule).toBeNull();
    }
  });

  it('yields exactly what ical.js yields for 400 random daily and weekly rules', () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const names = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const start = new Date(Date.UTC(2024, rand(12), 1 + rand(28), rand(24), 15 * rand(4)));
      const parts = [rand(2) ? 'FREQ=DAILY' : 'FREQ=WEEKLY'];
      if (rand(2)) parts.push(`INTERVAL=${1 + rand(4)}`);
      if (rand(2)) parts.push(`BYDAY=${[...new Set(Array.from({ length: 1 + rand(4) }, () => names[rand(7)]))].join(',')}`);
      if (rand(3) === 0) parts.push(`WKST=${names[rand(7)]}`);
      const end = rand(3);
      if (end === 0) parts.push(`COUNT=${1 + rand(40)}`);
      if (end === 1) parts.push(`UNTIL=2025${String(1 + rand(12)).padStart(2, '0')}10T${String(rand(24)).padStart(2, '0')}0000`);
      const rule = parts.join(';');
      const simple = parseSimpleRule(rule)!;
      expect(simple, rule).not.toBeNull();
      if (!startMatches(simple, start.getTime())) continue;
      compared++;
      expect(ourWalls(rule, start, 300), rule).toEqual(icalWalls(rule, start, 300));
    }
    expect(compared).toBeGreaterThan(150);
  });
});
