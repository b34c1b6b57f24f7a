import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Quirk-named .ics fixtures (fixtures/ics/*.ics and fixtures/ics/corpus/*.ics) whose expected
 * occurrences were computed by hand from RFC 5545 and the IANA rules (fixtures/ics/NOTES.md says
 * what each one covers and which cases are arguable). For every distinct window the CLI runs once
 * over all fixtures of that window:
 *
 *   node bin/meeting-diet.js occurrences FILE... --from F --to T --out DIR
 *
 * and each `<file>.ics.jsonl` it writes is compared with `<file>.expected.jsonl`. Everything runs
 * under TZ=UTC and again under TZ=Pacific/Auckland so a leak of the process time zone shows up.
 */

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'fixtures/ics');
const CLI = join(ROOT, 'bin/meeting-diet.js');
const DEFAULT_WINDOW: FixtureWindow = { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };
const KEYS = ['uid', 'start', 'end', 'all_day', 'summary', 'status'];
const PROCESS_TIME_ZONES = ['UTC', 'Pacific/Auckland'];

interface FixtureWindow {
  from: string;
  to: string;
}

interface Fixture {
  /** Path below fixtures/ics without ".ics", e.g. "dst_us_weekly_new_york" or "corpus/khal__...". */
  name: string;
  icsPath: string;
  /** What the CLI names its output: `<input-file-name>.jsonl`. */
  outName: string;
  expectedPath: string;
  window: FixtureWindow;
}

interface Run {
  outDir: string;
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError: string | null;
}

function findIcsFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findIcsFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.ics')) found.push(path);
  }
  return found.sort();
}

function loadFixtures(): Fixture[] {
  const fixtures = findIcsFiles(FIXTURES).map((icsPath): Fixture => {
    const stem = icsPath.slice(0, -'.ics'.length);
    const windowPath = `${stem}.window.json`;
    const window = existsSync(windowPath) ? (JSON.parse(readFileSync(windowPath, 'utf8')) as FixtureWindow) : DEFAULT_WINDOW;
    return {
      name: relative(FIXTURES, stem).split('\\').join('/'),
      icsPath,
      outName: `${basename(icsPath)}.jsonl`,
      expectedPath: `${stem}.expected.jsonl`,
      window,
    };
  });
  const byOutName = new Map<string, string>();
  for (const f of fixtures) {
    const other = byOutName.get(f.outName);
    if (other) throw new Error(`fixtures ${other} and ${f.name} would write the same --out file ${f.outName}`);
    byOutName.set(f.outName, f.name);
  }
  return fixtures;
}

const fixtures = loadFixtures();

/** Fixtures grouped by window, so the CLI runs once per distinct window. */
const groups = new Map<string, Fixture[]>();
for (const f of fixtures) {
  const key = `${f.window.from}..${f.window.to}`;
  groups.set(key, [...(groups.get(key) ?? []), f]);
}

function runCli(args: string[], timeZone: string): Promise<Omit<Run, 'outDir'>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: { ...process.env, TZ: timeZone }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const spawnError = error && typeof error.code !== 'number' ? String(error.message) : null;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), spawnError });
      },
    );
  });
}

function parseJsonl(text: string, what: string): { objects: unknown[]; keyOrders: string[][] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const objects: unknown[] = [];
  const keyOrders: string[][] = [];
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(`${what}, line ${i + 1} is not JSON (${(e as Error).message}): ${line}`);
    }
    objects.push(value);
    keyOrders.push(value !== null && typeof value === 'object' ? Object.keys(value) : []);
  });
  return { objects, keyOrders };
}

/** Start/end as a comparable number: instants as such, all-day dates and floating times as if UTC. */
function comparable(value: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  return Date.parse(value.endsWith('Z') ? value : `${value}Z`);
}

function describeRun(run: Run): string {
  const stderr = run.stderr.trim();
  return [
    run.spawnError ? `could not run the CLI: ${run.spawnError}` : `CLI exit code ${run.code}`,
    stderr ? `stderr:\n${stderr.split('\n').slice(0, 30).join('\n')}` : 'stderr: (empty)',
  ].join('\n');
}

describe('ics fixtures themselves', () => {
  it('every fixture has an expected file, sorted by start, uid, end, in the contract key order', () => {
    const problems: string[] = [];
    for (const f of fixtures) {
      if (!existsSync(f.expectedPath)) {
        problems.push(`${f.name}: missing ${relative(ROOT, f.expectedPath)}`);
        continue;
      }
      const { objects, keyOrders } = parseJsonl(readFileSync(f.expectedPath, 'utf8'), f.name);
      keyOrders.forEach((keys, i) => {
        if (keys.join() !== KEYS.join()) problems.push(`${f.name}:${i + 1}: keys ${keys.join()}`);
      });
      const rows = objects as Array<Record<string, string>>;
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1];
        const b = rows[i];
        const order =
          comparable(a.start) - comparable(b.start) || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0) || comparable(a.end) - comparable(b.end);
        if (order > 0) problems.push(`${f.name}:${i + 1}: not sorted after the previous line`);
      }
      for (const [i, row] of rows.entries()) {
        const start = comparable(row.start);
        if (!(start >= comparable(f.window.from) && start < comparable(f.window.to))) problems.push(`${f.name}:${i + 1}: start outside the window`);
      }
    }
    expect(problems).toEqual([]);
  });
});

for (const timeZone of PROCESS_TIME_ZONES) {
  describe(`occurrences --out, TZ=${timeZone}`, () => {
    const runs = new Map<string, Run>();

    beforeAll(async () => {
      await Promise.all(
        [...groups].map(async ([key, members]) => {
          const outDir = mkdtempSync(join(tmpdir(), 'meeting-diet-fixtures-'));
          const { from, to } = members[0].window;
          const args = ['occurrences', ...members.map((f) => relative(ROOT, f.icsPath)), '--from', from, '--to', to, '--out', outDir];
          runs.set(key, { outDir, ...(await runCli(args, timeZone)) });
        }),
      );
    }, 300_000);

    afterAll(() => {
      for (const run of runs.values()) rmSync(run.outDir, { recursive: true, force: true });
    });

    it('prints nothing on stdout when --out is given', () => {
      for (const [key, run] of runs) expect(run.stdout, `window ${key}\n${describeRun(run)}`).toBe('');
    });

    for (const f of fixtures) {
      it(f.name, () => {
        const run = runs.get(`${f.window.from}..${f.window.to}`);
        if (!run) throw new Error('the CLI did not run for this window');
        const outPath = join(run.outDir, f.outName);
        if (!existsSync(outPath)) throw new Error(`the CLI wrote no ${f.outName}\n${describeRun(run)}`);

        const actual = parseJsonl(readFileSync(outPath, 'utf8'), `CLI output ${f.outName}`);
        const expected = parseJsonl(readFileSync(f.expectedPath, 'utf8'), `expected ${f.name}`);

        if (actual.keyOrders.length > 0) {
          expect(actual.keyOrders[0], `key order of the first line of ${f.outName}`).toEqual(KEYS);
        }
        expect(actual.objects, `${f.name} (window ${f.window.from} .. ${f.window.to}, TZ=${timeZone})`).toEqual(expected.objects);
      });
    }
  });
}
