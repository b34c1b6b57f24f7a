/**
 * The demo organisation `serve` loads into an empty database, so a new user sees baseline and trend
 * reports at once. It goes through the same path as real data: generated .ics exports (Google and
 * Outlook styles) are read by the .ics connector and imported calendar by calendar.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freezeBaseline } from '../analysis/baselines.js';
import { ensureAnalysis } from '../analysis/refresh.js';
import { loadConfig } from '../config/roster.js';
import { readIcsBytes } from '../connectors/ics/read-ics.js';
import { sha256Hex } from '../model/token.js';
import { DAY_MS, wallToUtcMs } from '../model/time.js';
import { rosterOfConfig } from '../runtime/node.js';
import type { Store } from '../storage/store.js';
import { generateOrg } from './generate-org.js';

export interface DemoSummary {
  people: number;
  teams: number;
  weeks: number;
  occurrences: number;
  baselines: number;
  from: string;
  to: string;
}

export const DEMO_PEOPLE = 48;
export const DEMO_WEEKS = 6;

export async function loadDemo(store: Store, nowMs: number, size = { people: DEMO_PEOPLE, weeks: DEMO_WEEKS }): Promise<DemoSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'meeting-diet-demo-'));
  try {
    const manifest = generateOrg({ people: size.people, weeks: size.weeks, dir });
    const config = await loadConfig(join(dir, 'roster.yaml'));
    await store.replaceRoster(rosterOfConfig(config));
    const fromWall = Date.parse(`${manifest.from}T00:00:00Z`);
    const toWall = Date.parse(`${manifest.to}T00:00:00Z`);
    let occurrences = 0;
    for (const person of config.people) {
      for (const file of config.calendarsByPerson.get(person.email) ?? []) {
        const bytes = readFileSync(file);
        // Each person's window runs from local midnight to local midnight, so their weeks are whole.
        const window = { fromMs: wallToUtcMs(fromWall, person.timeZone), toMs: wallToUtcMs(toWall, person.timeZone) };
        const calendar = readIcsBytes(bytes, `${person.email}.ics`, {
          ...window,
          ownerEmail: person.email,
          timeZone: person.timeZone,
          definitions: config.definitions,
        });
        const result = await store.importCalendar({
          source: 'ics',
          externalId: `${person.email}.ics`,
          ownerEmail: person.email,
          timeZone: calendar.timeZone,
          ...window,
          checksum: await sha256Hex(bytes),
          actor: 'demo',
          atMs: nowMs,
          occurrences: calendar.occurrences,
          warnings: calendar.warnings,
        });
        occurrences += result.counts.occurrences;
      }
    }
    await ensureAnalysis(store, nowMs);
    let baselines = 0;
    for (const team of config.teams) {
      await freezeBaseline(store, { type: 'team', teamId: team.id }, { actor: 'demo', nowMs });
      baselines++;
    }
    await freezeBaseline(store, { type: 'org' }, { actor: 'demo', nowMs });
    return {
      people: config.people.length,
      teams: config.teams.length,
      weeks: Math.round((toWall - fromWall) / (7 * DAY_MS)),
      occurrences,
      baselines: baselines + 1,
      from: manifest.from,
      to: manifest.to,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
