import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/storage/node.js';
import type { FakeGoogle } from '../connectors/google/fake-google.js';
import { emailOf, serviceAccountKey, startGoogleOrg } from './google-org.js';

const PEOPLE = 6;

describe('sync: the CLI, killed mid-way and run again', () => {
  let fake: FakeGoogle;
  let dir: string;
  let roster: string;
  beforeAll(async () => {
    fake = await startGoogleOrg(PEOPLE);
    dir = mkdtempSync(join(tmpdir(), 'meeting-diet-sync-'));
    roster = join(dir, 'roster.yaml');
    const people = Array.from({ length: PEOPLE }, (_, i) => `  - { email: ${emailOf(i)}, timeZone: Europe/Berlin, teams: [core] }`);
    writeFileSync(roster, ['people:', ...people, 'teams:', '  - { id: core, name: Core }', ''].join('\n'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `meeting-diet sync`; `killAfterLists` kills it (SIGKILL) once the fake has answered that many event lists. */
  function sync(db: string, killAfterLists?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
    const child = spawn(
      process.execPath,
      ['bin/meeting-diet.js', 'sync', '--source', 'google', '--roster', roster, '--db', db, '--from', '2025-01-06', '--to', '2025-02-03', '--concurrency', '1', '--no-progress'],
      {
        env: {
          ...process.env,
          MEETING_DIET_GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(serviceAccountKey()),
          MEETING_DIET_GOOGLE_ROOT_URL: fake.url,
          MEETING_DIET_GOOGLE_TOKEN_URL: fake.tokenUrl,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const lists = () => fake.apiRequests().filter((r) => r.path.endsWith('/events')).length;
    const start = lists();
    const watch =
      killAfterLists === undefined
        ? null
        : setInterval(() => {
            if (lists() - start >= killAfterLists) child.kill('SIGKILL');
          }, 5);
    return new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        if (watch) clearInterval(watch);
        resolve({ code, signal, stderr });
      });
    });
  }

  async function snapshot(db: string) {
    const store = createSqliteStore({ file: db });
    try {
      const occurrences = (await store.listOccurrences()).map((o) => ({ ...o, calendarId: o.calendarId }));
      const calendars = (await store.listCalendars()).map((c) => ({ source: c.source, externalId: c.externalId, ownerEmail: c.ownerEmail }));
      return { occurrences, calendars, people: (await store.getRoster()).people.map((p) => p.email) };
    } finally {
      await store.close();
    }
  }

  it('ends with the same store as a clean run, continuing from the calendars already stored', async () => {
    fake.apiDelayMs = 60;
    const crashed = join(dir, 'crashed.db');
    const killed = await sync(crashed, 3);
    expect(killed.signal).toBe('SIGKILL');
    const partial = await snapshot(crashed);
    const syncedBeforeCrash = new Set(partial.occurrences.map((o) => o.ownerEmail)).size;
    expect(syncedBeforeCrash).toBeGreaterThan(0);
    expect(syncedBeforeCrash).toBeLessThan(PEOPLE);

    fake.apiDelayMs = 0;
    const rerun = await sync(crashed);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(new RegExp(`sync google: ${PEOPLE} of ${PEOPLE} people`));
    // People stored before the crash continue incrementally; the rest get their first full sync.
    expect((rerun.stderr.match(/: incremental,/g) ?? []).length).toBe(syncedBeforeCrash);

    const clean = join(dir, 'clean.db');
    expect((await sync(clean)).code).toBe(0);
    expect(await snapshot(crashed)).toEqual(await snapshot(clean));
  });

  it('explains missing credentials without a stack trace (exit 2)', async () => {
    const child = spawn(process.execPath, ['bin/meeting-diet.js', 'sync', '--roster', roster, '--db', join(dir, 'x.db')], {
      env: { ...process.env, MEETING_DIET_GOOGLE_SERVICE_ACCOUNT_JSON: '', MEETING_DIET_GOOGLE_SERVICE_ACCOUNT_FILE: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/no Google credentials: set MEETING_DIET_GOOGLE_SERVICE_ACCOUNT_FILE/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
