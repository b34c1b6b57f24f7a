import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, loadSmallOrg, smallOrgExports, smallOrgRoster, type Harness } from './harness.js';

const ELIF = 'elif.ng@example.com';
const KIM = 'lukasz.kim@example.com';

describe('api: baselines, reports and findings', () => {
  let h: Harness;
  let leader: string;
  let otherLeader: string;
  let member: string;
  beforeAll(async () => {
    h = await createHarness();
    await loadSmallOrg(h);
    // A second, three-person team: too small for aggregates.
    const tiny = await h.call('/v1/teams', {
      method: 'POST',
      type: 'application/json',
      body: JSON.stringify({ id: 'tiny', name: 'Tiny', members: [ELIF, KIM, 'mei.fischer@example.com'], leads: [KIM] }),
    });
    expect(tiny.status).toBe(201);
    leader = await h.token('leader', { teamId: 't1' });
    otherLeader = await h.token('leader', { teamId: 'tiny' });
    member = await h.token('member', { personEmail: ELIF });
  });

  describe('POST /v1/baselines', () => {
    it('freezes the first two full weeks by default, with the definitions version', async () => {
      const { status, body } = await h.json('/v1/baselines', { method: 'POST', type: 'application/json', body: JSON.stringify({ team: 't1' }) });
      expect(status).toBe(201);
      expect(body).toMatchObject({ scope: { type: 'team', teamId: 't1' }, weeks: ['2025-W02', '2025-W03'], definitionsVersion: '2026.11.1' });
      expect(body.summary.people).toBe(8);
      expect(body.summary.metrics.meetingHours.n).toBe(8);
      expect(JSON.stringify(body)).not.toContain(ELIF); // per-person means stay inside the store
    });

    it('freezes chosen weeks for the organisation', async () => {
      const { status, body } = await h.json('/v1/baselines', { method: 'POST', type: 'application/json', body: JSON.stringify({ weeks: ['2025-W02'] }) });
      expect(status).toBe(201);
      expect(body).toMatchObject({ scope: { type: 'org' }, weeks: ['2025-W02'] });
    });

    it('rejects a leader (403), an unknown team (404), a bad week (400) and a group too small (403)', async () => {
      const asLeader = await h.json('/v1/baselines', { token: leader, method: 'POST', type: 'application/json', body: JSON.stringify({ team: 't1' }) });
      expect(asLeader.status).toBe(403);
      const unknown = await h.json('/v1/baselines', { method: 'POST', type: 'application/json', body: JSON.stringify({ team: 'nope' }) });
      expect(unknown.status).toBe(404);
      const badWeek = await h.json('/v1/baselines', { method: 'POST', type: 'application/json', body: JSON.stringify({ team: 't1', weeks: ['2025-W99'] }) });
      expect(badWeek.status).toBe(400);
      const tiny = await h.json('/v1/baselines', { method: 'POST', type: 'application/json', body: JSON.stringify({ team: 'tiny' }) });
      expect(tiny.status).toBe(403);
      expect(tiny.body.error.code).toBe('group-too-small');
    });

    it('lists baselines: admins all, leaders their team', async () => {
      expect((await h.json('/v1/baselines')).body.baselines).toHaveLength(2);
      const mine = await h.json('/v1/baselines', { token: leader });
      expect(mine.body.baselines.map((b: { scope: { teamId?: string } }) => b.scope.teamId)).toEqual(['t1']);
      expect((await h.call('/v1/baselines?team=tiny', { token: leader })).status).toBe(403);
    });
  });

  describe('GET /v1/reports/weekly', () => {
    it("gives a leader their team's latest full week with deltas against the baseline", async () => {
      const { status, body } = await h.json('/v1/reports/weekly?team=t1', { token: leader });
      expect(status).toBe(200);
      expect(body).toMatchObject({ kind: 'team-week', team: { id: 't1', name: 'Payments' }, week: '2025-W04', groupSize: 8, minGroupSize: 5 });
      expect(body.baseline.weeks).toEqual(['2025-W02', '2025-W03']);
      const hours = body.aggregates.meetingHours;
      expect(hours.n).toBe(8);
      expect(hours.mean).toBeGreaterThan(0);
      expect(body.deltas.meetingHours.baselineMean).toBe(body.baseline.metrics.meetingHours.mean);
      expect(body.deltas.meetingHours.deltaMean).toBeCloseTo(hours.mean - body.baseline.metrics.meetingHours.mean, 1);
      expect(body.noMeetingDay).toMatchObject({ weekday: 'Friday' });
      expect(body.timezoneTax.byPerson[0].email).toBe(KIM); // Sydney pays the most
      expect(body.inventory.series[0].title).toBe('Daily stand-up');
      expect(body.coverage).toMatchObject({ members: 8, withData: 8 });
    });

    it('answers the same week as the weekly metrics the audit computes', async () => {
      const { body } = await h.json('/v1/reports/weekly?team=t1&week=2025-W03');
      const rows = await h.store.listPersonWeeks({ fromWeek: '2025-W03', toWeek: '2025-W03' });
      const values = rows.map((r) => r.metrics.meetingCount).sort((a, b) => a - b);
      expect(body.aggregates.meetingCount.min).toBe(values[0]);
      expect(body.aggregates.meetingCount.max).toBe(values[values.length - 1]);
      expect(body.aggregates.meetingCount.mean).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 2);
    });

    it('accepts a date for the week', async () => {
      expect((await h.json('/v1/reports/weekly?team=t1&week=2025-01-15')).body.week).toBe('2025-W03');
    });

    it('keeps leaders to their team and members out of team reports (403)', async () => {
      expect((await h.call('/v1/reports/weekly?team=tiny', { token: leader })).status).toBe(403);
      expect((await h.call('/v1/reports/weekly', { token: leader })).status).toBe(403); // the organisation
      expect((await h.call('/v1/reports/weekly?team=t1', { token: member })).status).toBe(403);
      expect((await h.call('/v1/reports/weekly')).status).toBe(200); // admin, organisation
    });

    it('answers "group too small" for fewer than minGroupSize people', async () => {
      const { status, body } = await h.json('/v1/reports/weekly?team=tiny', { token: otherLeader });
      expect(status).toBe(403);
      expect(body.error.code).toBe('group-too-small');
      expect(body.error.message).toMatch(/3/);
      expect(body.error.message).toMatch(/5/);
    });

    it('answers 404 for an unknown team and 400 for a bad week', async () => {
      expect((await h.json('/v1/reports/weekly?team=nope')).status).toBe(404);
      const bad = await h.json('/v1/reports/weekly?team=t1&week=next-week');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/next-week/);
    });

    it('renders CSV and Markdown on request', async () => {
      const csv = await h.call('/v1/reports/weekly?team=t1', { accept: 'text/csv' });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await csv.text()).split('\r\n');
      expect(lines[0]).toMatch(/^team,week,/);
      expect(lines.some((l) => l.includes('meetingHours'))).toBe(true);
      const md = await h.call('/v1/reports/weekly?team=t1', { accept: 'text/markdown' });
      expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(await md.text()).toMatch(/^# Meeting diet: Payments, week 2025-W04/);
      const viaQuery = await h.call('/v1/reports/weekly?team=t1&format=csv');
      expect(viaQuery.headers.get('content-type')).toMatch(/^text\/csv/);
    });
  });

  describe('GET /v1/reports/trend', () => {
    it('lists every week with data and its delta against the baseline', async () => {
      const { status, body } = await h.json('/v1/reports/trend?team=t1', { token: leader });
      expect(status).toBe(200);
      expect(body.weeks.map((w: { week: string }) => w.week)).toEqual(['2025-W02', '2025-W03', '2025-W04']);
      const w2 = body.weeks[0];
      expect(w2.suppressed).toBe(false);
      expect(w2.deltas.meetingHours.deltaMean).toBeCloseTo(w2.aggregates.meetingHours.mean - body.baseline.metrics.meetingHours.mean, 1);
    });

    it('takes a range, suppresses weeks without enough people and rejects a backwards range', async () => {
      const { body } = await h.json('/v1/reports/trend?team=t1&from=2025-W03&to=2025-W05');
      expect(body.weeks.map((w: { week: string; suppressed: boolean }) => [w.week, w.suppressed])).toEqual([
        ['2025-W03', false],
        ['2025-W04', false],
        ['2025-W05', true],
      ]);
      expect((await h.json('/v1/reports/trend?team=t1&from=2025-W04&to=2025-W02')).status).toBe(400);
    });

    it('renders CSV with one row per week and metric', async () => {
      const res = await h.call('/v1/reports/trend?team=t1', { accept: 'text/csv' });
      const rows = (await res.text()).trim().split('\r\n');
      expect(rows.filter((r) => r.includes(',meetingHours,'))).toHaveLength(3);
    });
  });

  describe('GET /v1/people/{id}/report', () => {
    it("shows a member their own week against their own baseline", async () => {
      const { status, body } = await h.json(`/v1/people/${ELIF}/report?week=2025-W03`, { token: member });
      expect(status).toBe(200);
      expect(body).toMatchObject({ kind: 'person-week', person: { email: ELIF }, week: '2025-W03' });
      expect(body.metrics.week).toBe('2025-W03');
      expect(body.baseline.weeks).toEqual(['2025-W02', '2025-W03']);
      expect(body.deltas.meetingHours.value).toBe(body.metrics.meetingHours);
    });

    it("keeps everyone else out of a person's report", async () => {
      expect((await h.call(`/v1/people/${KIM}/report`, { token: member })).status).toBe(403);
      expect((await h.call(`/v1/people/${ELIF}/report`, { token: leader })).status).toBe(403);
      expect((await h.call(`/v1/people/${ELIF}/report`)).status).toBe(200);
      expect((await h.call('/v1/people/nobody@example.com/report')).status).toBe(404);
    });

    it('says so when the week has no data', async () => {
      const { body } = await h.json(`/v1/people/${ELIF}/report?week=2024-W10`);
      expect(body.metrics).toBeNull();
      expect(body.message).toMatch(/no calendar data/i);
    });
  });

  describe('GET /v1/findings', () => {
    it("filters by team, week and rule for a leader", async () => {
      const { status, body } = await h.json('/v1/findings?team=t1&week=2025-W03&rule=no-meeting-day-breach', { token: leader });
      expect(status).toBe(200);
      expect(body.total).toBeGreaterThan(0);
      for (const f of body.findings) {
        expect(f.ruleId).toBe('no-meeting-day-breach');
        expect(f.week).toBe('2025-W03');
      }
    });

    it("gives a member their own findings only", async () => {
      const { body } = await h.json('/v1/findings', { token: member });
      expect(body.total).toBeGreaterThan(0);
      expect(body.findings.every((f: { person: string }) => f.person === ELIF)).toBe(true);
      expect((await h.call('/v1/findings?team=t1', { token: member })).status).toBe(403);
      expect((await h.call(`/v1/findings?person=${KIM}`, { token: member })).status).toBe(403);
    });

    it('renders CSV and rejects a bad rule id', async () => {
      const csv = await h.call('/v1/findings?team=t1&limit=5', { accept: 'text/csv' });
      expect((await csv.text()).trim().split('\r\n')).toHaveLength(6);
      expect((await h.call('/v1/findings?rule=DROP TABLE')).status).toBe(400);
    });
  });

  describe('freshness and frozen baselines', () => {
    it('recomputes reports after an upload, and the frozen baseline does not move', async () => {
      const before = await h.json('/v1/reports/weekly?team=t1&week=2025-W04');
      const baselineBefore = (await h.json('/v1/baselines?team=t1')).body.baselines[0];
      // Kim's newer export has nothing in the last week.
      const kim = smallOrgExports().find((e) => e.email === KIM)!.bytes.toString('utf8');
      const emptied = await h.call(`/v1/people/${KIM}/calendars/ics?from=2025-01-20&to=2025-01-27`, {
        method: 'POST',
        type: 'text/calendar',
        body: kim.replace(/BEGIN:VEVENT[\s\S]*?END:VEVENT\r?\n/g, ''),
      });
      expect(emptied.status).toBe(201);
      const after = await h.json('/v1/reports/weekly?team=t1&week=2025-W04');
      expect(after.body.aggregates.meetingCount.min).toBe(0);
      expect(after.body.aggregates.meetingCount.mean).toBeLessThan(before.body.aggregates.meetingCount.mean);
      expect((await h.json('/v1/baselines?team=t1')).body.baselines[0]).toEqual(baselineBefore);
    });

    it('marks the baseline as frozen under other definitions when the thresholds change', async () => {
      const custom = `${smallOrgRoster()}definitions: { focusBlockMin: 60 }\n`;
      expect((await h.call('/v1/roster', { method: 'PUT', type: 'application/yaml', body: custom })).status).toBe(200);
      const { body } = await h.json('/v1/reports/weekly?team=t1&week=2025-W03');
      expect(body.definitionsVersion).toMatch(/^2026\.11\.1\+custom\.[0-9a-f]{8}$/);
      expect(body.baseline.definitionsChanged).toBe(true);
      expect(body.baseline.definitionsVersion).toBe('2026.11.1');
      expect((await h.call('/v1/roster', { method: 'PUT', type: 'application/yaml', body: smallOrgRoster() })).status).toBe(200);
    });

    it("shows a member's failed sync as a data gap in every report", async () => {
      await h.store.recordSyncGap({ ownerEmail: KIM, source: 'google', reason: 'rate limited after 5 attempts', fromMs: null, toMs: null, atMs: Date.now() });
      try {
        const weekly = await h.json('/v1/reports/weekly?team=t1&week=2025-W03');
        expect(weekly.body.coverage.gaps).toEqual([expect.objectContaining({ ownerEmail: KIM, reason: 'rate limited after 5 attempts' })]);
        const trend = await h.json('/v1/reports/trend?team=t1');
        expect(trend.body.gaps).toEqual([expect.objectContaining({ ownerEmail: KIM })]);
        const own = await h.json(`/v1/people/${KIM}/report?week=2025-W03`);
        expect(own.body.gaps).toEqual([expect.objectContaining({ ownerEmail: KIM })]);
        expect((await h.json(`/v1/people/${ELIF}/report?week=2025-W03`)).body.gaps).toEqual([]);
        const md = await (await h.call('/v1/reports/trend?team=t1', { accept: 'text/markdown' })).text();
        expect(md).toMatch(/Data gaps[\s\S]*lukasz\.kim@example\.com: rate limited after 5 attempts/);
      } finally {
        await h.store.clearSyncGap(KIM, 'google');
      }
    });

    it('never returns the title of a private event in any report format', async () => {
      const upload = await h.call(`/v1/people/${ELIF}/calendars/ics?from=2024-01-01&to=2025-01-27&calendar=private`, {
        method: 'POST',
        type: 'text/calendar',
        body: readFileSync('fixtures/ics/class_private.ics'),
      });
      expect(upload.status).toBe(201);
      const outputs: string[] = [];
      for (const accept of ['application/json', 'text/csv', 'text/markdown']) {
        outputs.push(await (await h.call(`/v1/people/${ELIF}/report?week=2024-W24`, { accept })).text());
        outputs.push(await (await h.call(`/v1/findings?person=${ELIF}`, { accept })).text());
        outputs.push(await (await h.call('/v1/reports/weekly?team=t1&week=2025-W03', { accept })).text());
      }
      for (const text of outputs) {
        for (const secret of ['Doctor appointment', 'Salary review', 'Therapy']) expect(text).not.toContain(secret);
      }
    });
  });
});
