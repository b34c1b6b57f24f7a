import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, smallOrgRoster, type Harness } from './harness.js';

describe('api: people, teams and roster', () => {
  let h: Harness;
  let leader: string;
  let member: string;
  beforeAll(async () => {
    h = await createHarness();
    const roster = await h.call('/v1/roster', { method: 'PUT', type: 'application/yaml', body: smallOrgRoster() });
    expect(roster.status).toBe(200);
    leader = await h.token('leader', { teamId: 't1' });
    member = await h.token('member', { personEmail: 'elif.ng@example.com' });
  });

  it('imports the roster file: people with zones and hours, teams with No-Meeting Day', async () => {
    const { status, body } = await h.json('/v1/people');
    expect(status).toBe(200);
    expect(body.people).toHaveLength(8);
    const kim = body.people.find((p: { email: string }) => p.email === 'lukasz.kim@example.com');
    expect(kim).toMatchObject({
      timeZone: 'Australia/Sydney',
      region: 'APAC',
      teams: ['t1'],
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    });
    const teams = await h.json('/v1/teams');
    expect(teams.body.teams).toEqual([
      expect.objectContaining({ id: 't1', name: 'Payments', leads: ['lukasz.fischer@example.com'], noMeetingDay: 5 }),
    ]);
  });

  it('reports every roster problem with its line as 422', async () => {
    const bad = 'people:\n  - { email: ana@example.com, timeZone: Mars/Olympus }\n  - { email: not-an-email }\n';
    const { status, body } = await h.json('/v1/roster', { method: 'PUT', type: 'application/yaml', body: bad });
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid-roster');
    expect(body.error.details).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/time zone/) }),
      expect.objectContaining({ line: 3, message: expect.stringMatching(/email/) }),
    ]);
    expect((await h.json('/v1/people')).body.people).toHaveLength(8); // nothing changed
  });

  it('accepts a JSON roster and rejects other content types with 415', async () => {
    const json = JSON.stringify({ people: [{ email: 'new.person@example.com', timeZone: 'Asia/Tokyo', teams: ['t2'] }], teams: [{ id: 't2', name: 'Tokyo' }] });
    const ok = await h.json('/v1/roster', { method: 'PUT', type: 'application/json', body: json });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ people: 1, teams: 1 });
    const people = (await h.json('/v1/people')).body.people;
    expect(people).toHaveLength(9); // the earlier people keep their data
    const xml = await h.json('/v1/roster', { method: 'PUT', type: 'application/xml', body: '<roster/>' });
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('unsupported-media-type');
    // restore the small org's teams for the tests below
    expect((await h.call('/v1/roster', { method: 'PUT', type: 'application/yaml', body: smallOrgRoster() })).status).toBe(200);
  });

  it('adds a person with defaults and validates the body', async () => {
    const created = await h.json('/v1/people', {
      method: 'POST',
      type: 'application/json',
      body: JSON.stringify({ email: 'Rui.Costa@Example.com', timeZone: 'America/Sao_Paulo', workingHours: { start: '08:00', end: '16:00' } }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'rui.costa@example.com',
      timeZone: 'America/Sao_Paulo',
      region: 'Americas',
      workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' },
      humaneHours: { start: '08:00', end: '16:00' },
    });
    const bad = await h.json('/v1/people', { method: 'POST', type: 'application/json', body: JSON.stringify({ email: 'x@example.com', timeZone: 'Nowhere/City' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid-request');
    expect(bad.body.error.message).toMatch(/timeZone/);
    const backwards = await h.json('/v1/people', {
      method: 'POST',
      type: 'application/json',
      body: JSON.stringify({ email: 'y@example.com', workingHours: { start: '17:00', end: '09:00' } }),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/after start/);
    const unknownField = await h.json('/v1/people', { method: 'POST', type: 'application/json', body: JSON.stringify({ email: 'z@example.com', shoeSize: 44 }) });
    expect(unknownField.status).toBe(400);
    const notJson = await h.json('/v1/people', { method: 'POST', type: 'application/json', body: '{"email":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBeDefined();
  });

  it('adds a team; leads and unknown members become people', async () => {
    const { status, body } = await h.json('/v1/teams', {
      method: 'POST',
      type: 'application/json',
      body: JSON.stringify({ id: 'platform', name: 'Platform', members: ['elif.ng@example.com', 'new.hire@example.com'], leads: ['mei.fischer@example.com'], noMeetingDay: 'Wed' }),
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      id: 'platform',
      name: 'Platform',
      members: ['elif.ng@example.com', 'new.hire@example.com'],
      leads: ['mei.fischer@example.com'],
      noMeetingDay: 3,
      overlapWindow: null,
    });
    const people = (await h.json('/v1/people')).body.people;
    expect(people.find((p: { email: string }) => p.email === 'new.hire@example.com')).toMatchObject({ timeZone: 'UTC', teams: ['platform'] });
  });

  it('scopes people and teams to the token', async () => {
    const asLeader = await h.json('/v1/people', { token: leader });
    expect(asLeader.status).toBe(200);
    expect(asLeader.body.people.map((p: { email: string }) => p.email)).toContain('lukasz.kim@example.com');
    expect(asLeader.body.people.map((p: { email: string }) => p.email)).not.toContain('rui.costa@example.com');
    const asMember = await h.json('/v1/people', { token: member });
    expect(asMember.body.people.map((p: { email: string }) => p.email)).toEqual(['elif.ng@example.com']);
    expect((await h.json('/v1/teams', { token: leader })).body.teams.map((t: { id: string }) => t.id)).toEqual(['t1']);
  });

  it('lets only admins write people, teams and the roster (403)', async () => {
    for (const token of [leader, member]) {
      const person = await h.json('/v1/people', { token, method: 'POST', type: 'application/json', body: JSON.stringify({ email: 'a@example.com' }) });
      expect(person.status).toBe(403);
      expect(person.body.error.code).toBe('forbidden');
      const team = await h.call('/v1/teams', { token, method: 'POST', type: 'application/json', body: JSON.stringify({ id: 'x' }) });
      expect(team.status).toBe(403);
      const roster = await h.call('/v1/roster', { token, method: 'PUT', type: 'application/yaml', body: smallOrgRoster() });
      expect(roster.status).toBe(403);
    }
  });
});
