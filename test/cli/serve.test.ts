import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Server {
  child: ChildProcess;
  base: string;
  stderr: () => string;
}

function start(db: string): Promise<Server> {
  const child = spawn(process.execPath, ['bin/meeting-diet.js', 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = /meeting-diet API on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve({ child, base: m[1], stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

function stop(server: Server): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.on('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/meeting-diet.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('cli: serve, token and migrate on the embedded database', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'meeting-diet-serve-'));
    db = join(dir, 'meeting-diet.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo organisation into an empty database and serves baseline and trend reports at once', async () => {
    const server = await start(db);
    try {
      const token = /export TOKEN=(\S+)/.exec(server.stderr())?.[1];
      expect(token).toMatch(/^mdt_/);
      expect(server.stderr()).toMatch(/demo: 48 people in 6 teams, 6 weeks/);
      const headers = { authorization: `Bearer ${token}` };
      const weekly = await fetch(`${server.base}/v1/reports/weekly?team=t1`, { headers });
      expect(weekly.status).toBe(200);
      const report = (await weekly.json()) as { groupSize: number; baseline: { weeks: string[] } | null; deltas: unknown };
      expect(report.groupSize).toBeGreaterThanOrEqual(5);
      expect(report.baseline?.weeks).toHaveLength(2);
      expect(report.deltas).not.toBeNull();
      const trend = await fetch(`${server.base}/v1/reports/trend?team=t1`, { headers, signal: AbortSignal.timeout(10_000) });
      expect(((await trend.json()) as { weeks: unknown[] }).weeks.length).toBeGreaterThanOrEqual(6);
      expect((await fetch(`${server.base}/v1/reports/weekly?team=t1`)).status).toBe(401);
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });

  it('keeps the data on restart, without loading the demo again', async () => {
    const created = await cli(['token', 'create', '--role', 'leader', '--team', 't2', '--db', db]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^mdt_/);
    expect(created.stderr).toMatch(/shown only this once/);
    const server = await start(db);
    try {
      expect(server.stderr()).not.toMatch(/demo/);
      const own = await fetch(`${server.base}/v1/reports/weekly?team=t2`, { headers: { authorization: `Bearer ${token}` } });
      expect(own.status).toBe(200);
      const other = await fetch(`${server.base}/v1/reports/weekly?team=t1`, { headers: { authorization: `Bearer ${token}` } });
      expect(other.status).toBe(403);
    } finally {
      await stop(server);
    }
  });

  it('explains bad token requests and migrates an existing database', async () => {
    const noTeam = await cli(['token', 'create', '--role', 'leader', '--db', db]);
    expect(noTeam.code).toBe(2);
    expect(noTeam.stderr).toMatch(/leader token needs --team/);
    const unknown = await cli(['token', 'create', '--role', 'leader', '--team', 'nope', '--db', db]);
    expect(unknown.stderr).toMatch(/no team "nope"/);
    const migrated = await cli(['migrate', '--db', db]);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/migrations applied/);
  });
});
