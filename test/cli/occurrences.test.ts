import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const WINDOW = ['--from', '2024-01-01T00:00:00Z', '--to', '2025-01-01T00:00:00Z'];

describe('cli: occurrences', () => {
  it('reports a broken VEVENT with file and line, skips it and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-'));
    const file = join(dir, 'one-broken.ics');
    writeFileSync(
      file,
      [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'UID:good-1',
        'DTSTART:20240301T090000Z',
        'DTEND:20240301T100000Z',
        'SUMMARY:Kept',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:broken',
        'DTSTART:20241345T090000Z',
        'SUMMARY:Broken date',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const r = await runCli(['occurrences', file, ...WINDOW]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).uid)).toEqual(['good-1']);
    expect(r.stderr).toContain(`${file}:8: VEVENT "broken" skipped: DTSTART: "20241345T090000Z" is not a valid date`);
  });

  it('fails with a clear error and exit 1 on a file that is not iCalendar, still printing the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-'));
    writeFileSync(join(dir, 'notes.ics'), 'hello, this is not a calendar\n');
    const good = join(ROOT, 'fixtures/ics/rrule_count.ics');
    const r = await runCli(['occurrences', join(dir, 'notes.ics'), good, ...WINDOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('notes.ics:1: not an iCalendar file');
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('merges several files into one stream sorted by start', async () => {
    const files = ['rrule_count.ics', 'override_moved.ics'].map((f) => join(ROOT, 'fixtures/ics', f));
    const r = await runCli(['occurrences', ...files, ...WINDOW]);
    const starts = r.stdout.trim().split('\n').map((l) => JSON.parse(l).start as string);
    expect(starts.length).toBeGreaterThan(4);
    expect([...starts].sort()).toEqual(starts);
  });

  it('caps a runaway FREQ=SECONDLY rule with a warning instead of hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-'));
    const file = join(dir, 'secondly.ics');
    writeFileSync(file, 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTART:20240101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Tick\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    const r = await runCli(['occurrences', file, ...WINDOW, '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('more than 50000 occurrences in the window');
    expect(readFileSync(join(dir, 'secondly.ics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(50_000);
  });

  it('--out refuses two inputs of the same name before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-'));
    for (const team of ['a', 'b']) {
      mkdirSync(join(dir, team));
      copyFileSync(join(ROOT, 'fixtures/ics/rrule_count.ics'), join(dir, team, 'cal.ics'));
    }
    const r = await runCli(['occurrences', join(dir, 'a'), join(dir, 'b'), ...WINDOW, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out: ${join(dir, 'a', 'cal.ics')} and ${join(dir, 'b', 'cal.ics')} would both be written to ${join(dir, 'out', 'cal.ics.jsonl')}`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--out reports a file it cannot write, exits 1 and still writes the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-'));
    const files = ['rrule_count.ics', 'override_moved.ics'].map((f) => join(ROOT, 'fixtures/ics', f));
    mkdirSync(join(dir, 'rrule_count.ics.jsonl'), { recursive: true }); // a folder where the output file should go
    const r = await runCli(['occurrences', ...files, ...WINDOW, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'rrule_count.ics.jsonl')}: cannot write the output (EISDIR)`);
    expect(readFileSync(join(dir, 'override_moved.ics.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThan(0);
  });

  it('rejects a reversed window with exit code 2', async () => {
    const r = await runCli(['occurrences', join(ROOT, 'fixtures/ics/rrule_count.ics'), '--from', '2025-01-01', '--to', '2024-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from must be before --to');
  });
});
