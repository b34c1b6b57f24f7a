import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS } from '../../src/model/definitions.js';
import { AuditPreparation, buildAuditReport, type AuditInput } from '../../src/reports/build-audit.js';
import { calendars, email, occurrence, person, series, WINDOW } from '../rules/factory.js';

const [ana, bo, cy] = [email('ana'), email('bo'), email('cy')];

function input(): AuditInput {
  const people = [person(ana, { timeZone: 'Europe/Berlin' }), person(bo), person(cy, { timeZone: 'Asia/Tokyo' })];
  const byPerson = calendars([
    ...series({ seriesId: 'sync', start: '2024-03-05T08:00:00Z', organizer: bo, people: [ana, cy] }),
    occurrence({ uid: 'late', start: '2024-03-06T16:00:00Z', durationMin: 120, people: [bo, cy] }),
  ]);
  return {
    audited: people.map((p) => ({ person: p, calendars: [`${p.email}.ics`], occurrences: byPerson.get(p.email) ?? [] })),
    roster: people,
    teams: [],
    definitions: DEFAULT_DEFINITIONS,
    rules: {},
    window: WINDOW,
    warnings: [],
    gaps: [],
  };
}

describe('reports: buildAuditReport', () => {
  it('uses the work prepared set by set, in any order, for the same report', () => {
    const plain = input();
    const prepared = new AuditPreparation(plain.definitions, plain.window);
    for (const a of [...plain.audited].reverse()) prepared.add(a);
    const report = buildAuditReport({ ...plain, prepared });
    expect(report).toEqual(buildAuditReport(plain));
    expect(report.people.map((p) => p.weeks)).toEqual(plain.audited.map((a) => prepared.weeksOf(a)));
    expect(report.people[0].weeks).toBe(prepared.weeksOf(plain.audited[0]));
  });

  it('does the work itself when it was prepared for other definitions', () => {
    const plain = input();
    const prepared = new AuditPreparation({ ...DEFAULT_DEFINITIONS }, plain.window);
    for (const a of plain.audited) prepared.add(a);
    const report = buildAuditReport({ ...plain, prepared });
    expect(report).toEqual(buildAuditReport(plain));
    expect(report.people[0].weeks).not.toBe(prepared.weeksOf(plain.audited[0]));
  });
});
