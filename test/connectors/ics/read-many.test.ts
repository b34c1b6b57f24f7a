import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableToOccurrenceLines } from '../../../src/connectors/ics/contract.js';
import { occurrencesOf } from '../../../src/connectors/ics/occurrence-table.js';
import { readIcsFilesAsLines, readIcsFilesAsTables, readOne, writeIcsFilesAsLines, type ReadTask } from '../../../src/connectors/ics/read-many.js';
import { readerBundle } from '../../../src/connectors/ics/reader-bundle.js';
import { generateOrg } from '../../../src/demo/generate-org.js';

/**
 * Above 4 MB the exports are read by worker threads (from the esbuild bundle of the reader). What
 * they hand back must be what reading each file on this thread gives.
 */

let dir: string;
let tasks: ReadTask[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'md-many-'));
  const org = generateOrg({ people: 24, weeks: 26, dir });
  expect(org.bytes).toBeGreaterThan(4 * 1024 * 1024);
  const exportsDir = join(dir, 'exports');
  const options = { fromMs: Date.parse(`${org.from}T00:00:00Z`), toMs: Date.parse(`${org.to}T00:00:00Z`) };
  tasks = readdirSync(exportsDir).sort().map((f) => ({ path: join(exportsDir, f), options }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file read on this thread, as the reader threads read it. */
async function readHere(task: ReadTask, options?: { contractOnly: boolean }) {
  const r = await readOne(task, 'table', options);
  if (!('calendar' in r)) throw new Error(`${task.path} failed`);
  return r.calendar;
}

describe('reading many exports on worker threads', () => {
  it('gives each file the occurrences and warnings a read on this thread gives', async () => {
    const threaded = await readIcsFilesAsTables(tasks, 2);
    expect(threaded).toHaveLength(tasks.length);
    for (const [i, task] of tasks.entries()) {
      const here = await readHere(task);
      const there = threaded[i];
      if ('error' in there) throw new Error(`${task.path} failed`);
      expect(there.calendar.warnings).toEqual(here.warnings);
      expect(occurrencesOf(there.calendar.table)).toEqual(occurrencesOf(here.table));
    }
  });

  it('writes with --out what it prints, each file as its own lines', async () => {
    const printed = await readIcsFilesAsLines(tasks, 2);
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const written = await writeIcsFilesAsLines(tasks.map((t, i) => ({ ...t, outFile: join(outDir, `${i}.jsonl`) })), 2);
    for (const [i, task] of tasks.entries()) {
      const p = printed[i];
      const w = written[i];
      if ('error' in p || 'error' in w) throw new Error(`${task.path} failed`);
      expect(p.lines.lines).toEqual(tableToOccurrenceLines(await readHere(task, { contractOnly: true })).lines);
      expect(readFileSync(join(outDir, `${i}.jsonl`), 'utf8')).toBe(p.lines.lines.map((l) => `${l}\n`).join(''));
      expect(w.written.count).toBe(p.lines.lines.length);
    }
  });
});

describe('the reader bundle', () => {
  it('is built once, reused while its sources are unchanged, and rebuilt when one changes or it is gone', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'md-bundle-'));
    const first = await readerBundle(cache);
    const manifestFile = join(cache, 'read-worker.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { bundle: string; sources: Record<string, string> };
    expect(Object.keys(manifest.sources)).toContain('src/connectors/ics/read-worker.ts');
    expect(Object.keys(manifest.sources)).toContain('src/connectors/ics/parse.ts');
    const builtAt = statSync(manifestFile).mtimeMs;

    expect((await readerBundle(cache)).href).toBe(first.href);
    expect(statSync(manifestFile).mtimeMs).toBe(builtAt);

    // A source that no longer hashes as recorded (as after an edit): built again.
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, sources: { ...manifest.sources, 'src/connectors/ics/parse.ts': 'old' } }));
    expect((await readerBundle(cache)).href).toBe(first.href);
    expect(JSON.parse(readFileSync(manifestFile, 'utf8'))).toEqual(manifest);

    rmSync(new URL(first));
    expect((await readerBundle(cache)).href).toBe(first.href);
    expect(statSync(new URL(first)).size).toBeGreaterThan(10_000);
    rmSync(cache, { recursive: true, force: true });
  });
});
