import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const ORG = join(ROOT, 'fixtures/audit/small-org');
const GOLDEN = join(ROOT, 'fixtures/audit/small-org.audit.json');
const WINDOW = ['--from', '2025-01-06', '--to', '2025-01-27'];

describe('cli: audit', () => {
  it('matches the golden JSON audit of a small team (8 people, 3 weeks, 4 zones)', async () => {
    const r = await runCli(['audit', '--config', join(ORG, 'roster.yaml'), ...WINDOW, '--format', 'json'], { TZ: 'Pacific/Auckland' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.stdout);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('prints the per-week table, findings and the meeting-diet candidates as text', async () => {
    const r = await runCli(['audit', '--config', join(ORG, 'roster.yaml'), ...WINDOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2025-W02');
    expect(r.stdout).toContain('Top findings');
    expect(r.stdout).toContain('Meeting-diet candidates');
    expect(r.stdout).toMatch(/Daily stand-up|stand-up|Stand-up/i);
  });

  it('writes one CSV row per person-week with the metric names as columns', async () => {
    const r = await runCli(['audit', '--config', join(ORG, 'roster.yaml'), ...WINDOW, '--format', 'csv']);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 7)).toEqual(['email', 'name', 'timeZone', 'region', 'week', 'workingHours', 'outOfOfficeHours']);
    expect(lines).toHaveLength(1 + 8 * 3);
  });

  it('audits a single export for --me and stores nothing', async () => {
    const file = join(ORG, 'exports/mei.fischer@example.com.ics');
    const r = await runCli(['audit', file, '--me', 'mei.fischer@example.com', ...WINDOW, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.people.map((p: { email: string }) => p.email)).toEqual(['mei.fischer@example.com']);
    expect(report.people[0].weeks.map((w: { week: string }) => w.week)).toEqual(['2025-W02', '2025-W03', '2025-W04']);
    expect(report.people[0].weeks[0].meetingCount).toBeGreaterThan(0);
  });

  it('rejects an unknown format with exit code 2', async () => {
    const r = await runCli(['audit', join(ORG, 'exports'), '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format "pdf" is not one of text, json, csv, markdown');
  });

  it('names the config line of a bad roster and exits 2', async () => {
    const r = await runCli(['audit', '--config', join(ROOT, 'fixtures/config/unknown-time-zone.yaml'), join(ORG, 'exports')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown-time-zone\.yaml:\d+: .*time zone/);
  });
});
