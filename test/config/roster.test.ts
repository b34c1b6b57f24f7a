import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ianaNameFor } from '../../src/connectors/time-zone-names.js';
import {
  ConfigError,
  DEFAULT_MIN_GROUP_SIZE,
  defaultConfig,
  loadConfig,
  parseConfig,
  parseDayOfWeek,
  resolvePerson,
  type AuditConfig,
} from '../../src/config/roster.js';
import { DEFAULT_DEFINITIONS, DEFINITIONS_VERSION } from '../../src/model/definitions.js';
import { AuditorError, InputError } from '../../src/model/errors.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/config');
const fixture = (name: string) => join(FIXTURES, name);

/** Loads a fixture that must fail, and returns its error lines with the fixture folder stripped. */
async function errorLines(name: string): Promise<string[]> {
  const error = await loadConfig(fixture(name)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message.split('\n').map((line) => line.replace(`${FIXTURES}/`, ''));
}

function person(config: AuditConfig, email: string) {
  const found = config.people.find((p) => p.email === email);
  if (!found) throw new Error(`no person ${email}`);
  return found;
}

describe('config: valid files', () => {
  it('reads a complete YAML roster', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    expect(config.path).toBe(fixture('valid-roster.yaml'));
    expect(config.defaults).toEqual({
      timeZone: 'Europe/Berlin',
      workingHours: { days: [1, 2, 3, 4, 5], startMin: 540, endMin: 1020 },
      humaneHours: { days: [1, 2, 3, 4, 5], startMin: 480, endMin: 1080 },
      hourlyRate: 100,
    });
    expect(person(config, 'alice@example.com')).toEqual({
      email: 'alice@example.com',
      name: 'Alice',
      timeZone: 'America/New_York',
      workingHours: { days: [1, 2, 3, 4, 5], startMin: 480, endMin: 960 },
      humaneHours: { days: [1, 2, 3, 4, 5], startMin: 420, endMin: 1140 },
      teams: ['platform'],
      hourlyRate: 120,
      region: 'Americas',
    });
    expect(config.minGroupSize).toBe(3);
    expect(config.rules).toEqual({
      'large-meeting': { options: { maxAttendees: 10 } },
      'recurring-without-agenda': { enabled: false },
      'outside-humane-hours': { severity: 'critical' },
    });
  });

  it('applies the defaults to people who leave fields out', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    const bob = person(config, 'bob@example.com');
    expect(bob.timeZone).toBe('Europe/Berlin');
    expect(bob.region).toBe('EMEA');
    expect(bob.workingHours).toEqual({ days: [1, 2, 3, 4, 5], startMin: 540, endMin: 1020 });
    // defaults.humaneHours is set, so it is everyone's fallback.
    expect(bob.humaneHours).toEqual({ days: [1, 2, 3, 4, 5], startMin: 480, endMin: 1080 });
    expect(bob.hourlyRate).toBe(100);
    expect(bob.name).toBe('Bob');
  });

  it('reads day names in any case and ISO day numbers, sorted and de-duplicated', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    const carol = person(config, 'carol@example.com');
    expect(carol.workingHours).toEqual({ days: [1, 2, 3, 4], startMin: 600, endMin: 1110 });
    expect(carol.region).toBe('APAC');
    expect(config.teams.map((t) => [t.id, t.noMeetingDay])).toEqual([
      ['platform', 3],
      ['data', 5],
    ]);
    expect([1, '1', 'Mon', 'monday', 'MONDAY', 'Sun', 'sunday', 7].map(parseDayOfWeek)).toEqual([1, 1, 1, 1, 1, 7, 7, 7]);
    expect([0, 8, 1.5, 'Mo', 'Funday', null].map(parseDayOfWeek)).toEqual([null, null, null, null, null, null]);
  });

  it('deep-merges definition overrides into the defaults', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    expect(config.definitions.version).toBe(DEFINITIONS_VERSION);
    expect(config.definitions.focusBlockMin).toBe(90);
    expect(config.definitions.meeting).toEqual({ ...DEFAULT_DEFINITIONS.meeting, minParticipants: 3 });
    expect(config.definitions.refocusTaxMin).toBe(DEFAULT_DEFINITIONS.refocusTaxMin);
    // defaults.hourlyRate feeds the definitions' rate when the definitions do not set one.
    expect(config.definitions.hourlyRate).toBe(100);
    expect(DEFAULT_DEFINITIONS.focusBlockMin).toBe(120);
  });

  it('reads a JSON roster the same way', async () => {
    const config = await loadConfig(fixture('valid-roster.json'));
    expect(config.defaults.timeZone).toBe('Europe/London');
    expect(config.defaults.workingHours).toEqual({ days: [1, 2, 3, 4, 5], startMin: 570, endMin: 1050 });
    expect(config.defaults.humaneHours).toEqual(config.defaults.workingHours);
    expect(config.people.map((p) => [p.email, p.timeZone, p.teams])).toEqual([
      ['alice@example.com', 'Europe/London', ['platform']],
      ['bob@example.com', 'America/Los_Angeles', ['platform']],
    ]);
    expect(config.teams[0]).toMatchObject({ id: 'platform', name: 'platform', noMeetingDay: 5 });
    expect(config.definitions.meeting.countTentative).toBe(false);
    expect(config.definitions.currency).toBe('EUR');
    expect(config.definitions.hourlyRate).toBe(80);
    expect(config.minGroupSize).toBe(DEFAULT_MIN_GROUP_SIZE);
    expect(config.rules).toEqual({ 'large-meeting': { severity: 'info' } });
  });

  it('treats an empty file or one with only comments as an empty config', async () => {
    for (const name of ['empty.yaml', 'only-comments.yaml']) {
      const config = await loadConfig(fixture(name));
      expect({ ...config, path: null }).toEqual(defaultConfig());
    }
  });
});

describe('config: time zones', () => {
  it('maps Windows zone names to IANA and fixes the case of IANA names', async () => {
    const config = await loadConfig(fixture('windows-time-zone.yaml'));
    expect(config.defaults.timeZone).toBe('Europe/Berlin');
    expect(config.people.map((p) => [p.email, p.timeZone, p.region])).toEqual([
      ['alice@example.com', 'America/New_York', 'Americas'],
      ['bob@example.com', 'Asia/Tokyo', 'APAC'],
      ['carol@example.com', 'Europe/Paris', 'EMEA'],
    ]);
  });

  it('keeps IANA links as written rather than the ICU canonical id', () => {
    expect(ianaNameFor('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(ianaNameFor('UTC')).toBe('UTC');
    expect(ianaNameFor('Romance Standard Time')).toBe('Europe/Paris');
    expect(ianaNameFor('Europe/Berln')).toBeNull();
    expect(ianaNameFor('')).toBeNull();
  });
});

describe('config: calendars and teams', () => {
  it('resolves calendar paths relative to the config file folder', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    expect(config.calendarsByPerson.get('alice@example.com')).toEqual([
      join(FIXTURES, 'exports/alice.ics'),
      join(FIXTURES, 'exports/alice-work.ics'),
    ]);
    // A single path may be given as a string; absolute paths stay as they are.
    expect(config.calendarsByPerson.get('bob@example.com')).toEqual(['/var/calendars/bob']);
    expect(config.calendarsByPerson.has('carol@example.com')).toBe(false);
  });

  it('resolves calendar paths from a relative config path against the working directory', () => {
    const config = parseConfig('people:\n  - { email: a@x.io, timeZone: UTC, calendars: [../cal/a.ics] }\n', 'conf/roster.yaml');
    expect(config.calendarsByPerson.get('a@x.io')).toEqual([resolve('cal/a.ics')]);
  });

  it('fills team members from both people[].teams and teams[].members', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    const platform = config.teams.find((t) => t.id === 'platform');
    expect(platform).toEqual({
      id: 'platform',
      name: 'Platform',
      members: ['bob@example.com', 'dave@example.com', 'alice@example.com'],
      leads: ['alice@example.com'],
      noMeetingDay: 3,
      overlapWindow: { startMin: 900, endMin: 1020, timeZone: 'Europe/Berlin' },
    });
    expect(person(config, 'bob@example.com').teams).toEqual(['platform']);
    expect(config.teams.find((t) => t.id === 'data')?.members).toEqual(['carol@example.com']);
  });

  it('adds team members and leads missing from people as default people', async () => {
    const config = await loadConfig(fixture('team-members-not-in-people.yaml'));
    expect(config.people.map((p) => [p.email, p.teams])).toEqual([
      ['alice@example.com', ['platform']],
      ['bob@example.com', ['platform', 'data']],
      ['carol@example.com', []],
    ]);
    const bob = person(config, 'bob@example.com');
    expect(bob).toMatchObject({ name: null, timeZone: 'Asia/Singapore', region: 'APAC', hourlyRate: null });
    expect(bob.workingHours).toEqual({ days: [1, 2, 3, 4, 5], startMin: 510, endMin: 1050 });
    expect(config.teams[0].leads).toEqual(['carol@example.com']);
    expect(config.teams[0].members).toEqual(['bob@example.com', 'alice@example.com']);
  });
});

describe('config: errors name the file, the line and what is wrong', () => {
  it('reports an unknown time zone on its line', async () => {
    expect(await errorLines('unknown-time-zone.yaml')).toEqual([
      'unknown-time-zone.yaml:8: people[2].timeZone: "Europe/Berln" is not a known IANA time zone',
    ]);
  });

  it('is an InputError with a stable code and the first location', async () => {
    const error = await loadConfig(fixture('unknown-time-zone.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditorError);
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.code).toBe('invalid-input');
    expect(configError.location).toBe(`${fixture('unknown-time-zone.yaml')}:8`);
    expect(configError.issues).toEqual([
      { path: ['people', 2, 'timeZone'], line: 8, message: '"Europe/Berln" is not a known IANA time zone' },
    ]);
  });

  it('reports every unknown key on the key line', async () => {
    expect(await errorLines('unknown-key.yaml')).toEqual([
      'unknown-key.yaml:5: people[0].timezone: unknown key',
      'unknown-key.yaml:8: people[0].workingHours.finish: unknown key',
      'unknown-key.yaml:10: definitions.focusBlockMinutes: unknown key',
      'unknown-key.yaml:13: definitions.meeting.countDeclined: unknown key',
      'unknown-key.yaml:14: colour: unknown key',
    ]);
  });

  it('reports bad days, bad times and hours that end before they start', async () => {
    expect(await errorLines('invalid-days-and-times.yaml')).toEqual([
      'invalid-days-and-times.yaml:4: defaults.workingHours.days[2]: "Funday" is not a day of the week (Mon..Sun or 1..7)',
      'invalid-days-and-times.yaml:4: defaults.workingHours.days[3]: 8 is not a day of the week (Mon..Sun or 1..7)',
      'invalid-days-and-times.yaml:5: defaults.workingHours.start: "9am" is not a time "HH:MM" (00:00..24:00)',
      'invalid-days-and-times.yaml:9: people[0].workingHours.end: end 10:00 must be after start 18:00',
      'invalid-days-and-times.yaml:14: teams[0].noMeetingDay: "Caturday" is not a day of the week (Mon..Sun or 1..7)',
      'invalid-days-and-times.yaml:15: teams[0].overlapWindow.start: "25:00" is not a time "HH:MM" (00:00..24:00)',
    ]);
  });

  it('checks hours completed from the defaults once the file is otherwise valid', () => {
    const text = 'defaults:\n  timeZone: UTC\npeople:\n  - email: a@b.io\n    humaneHours: { end: "07:00" }\n';
    expect(() => parseConfig(text, 'roster.yaml')).toThrow(
      'roster.yaml:5: people[0].humaneHours.end: end 07:00 must be after start 09:00',
    );
  });

  it('reports wrong types, ranges, enums and patterns', async () => {
    expect(await errorLines('wrong-types.yaml')).toEqual([
      'wrong-types.yaml:3: defaults.hourlyRate: must be >= 0, got -5',
      'wrong-types.yaml:5: people[0].email: is required',
      'wrong-types.yaml:6: people[1].email: "not-an-email" is not an email address',
      'wrong-types.yaml:7: people[1].hourlyRate: expected a number, got "lots"',
      'wrong-types.yaml:8: people[1].teams: expected a list, got "platform"',
      'wrong-types.yaml:9: minGroupSize: expected an integer, got 2.5',
      'wrong-types.yaml:12: definitions.meeting.countFree: expected true or false, got "maybe"',
      expect.stringMatching(
        /^wrong-types\.yaml:13: definitions\.focusTitlePatterns\[0\]: "\(unclosed" is not a valid regular expression/,
      ),
      'wrong-types.yaml:14: definitions.currency: "euro" must be a three-letter ISO 4217 code such as "USD"',
      'wrong-types.yaml:16: rules.large-meeting.severity: must be one of "info", "warning", "critical", got "urgent"',
      'wrong-types.yaml:16: rules.large-meeting.options: expected a mapping, got a list',
    ]);
  });

  it('reports duplicate emails, case-insensitively', async () => {
    expect(await errorLines('duplicate-email.yaml')).toEqual([
      'duplicate-email.yaml:7: people[2].email: duplicate email "alice@example.com" (first in people[0])',
    ]);
  });

  it('reports unknown team ids in people[].teams and duplicate team ids', async () => {
    expect(await errorLines('unknown-team.yaml')).toEqual([
      'unknown-team.yaml:5: people[0].teams[1]: unknown team "platfrom" (known teams: platform)',
      'unknown-team.yaml:8: teams[1].id: duplicate team id "platform" (first in teams[0])',
    ]);
  });

  it('requires a zone for people and overlap windows when there is no default zone', async () => {
    expect(await errorLines('missing-time-zone.yaml')).toEqual([
      'missing-time-zone.yaml:5: people[1].timeZone: is required (or set defaults.timeZone)',
      'missing-time-zone.yaml:8: teams[0].overlapWindow.timeZone: is required (or set defaults.timeZone)',
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their line', async () => {
    expect(await errorLines('invalid-yaml-syntax.yaml')).toEqual([
      'invalid-yaml-syntax.yaml:6: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(await errorLines('duplicate-key.yaml')).toEqual(['duplicate-key.yaml:4: invalid YAML: Map keys must be unique']);
  });

  it('reads .json files as strict JSON, with line numbers', async () => {
    expect(await errorLines('invalid-json-syntax.json')).toEqual([
      'invalid-json-syntax.json:5: invalid JSON: Unresolved plain scalar "email"',
    ]);
    const text = '{\n  "people": [\n    { "email": "a@b.io",\n      "timeZone": "Mars/Olympus" }\n  ]\n}\n';
    expect(() => parseConfig(text, 'roster.json')).toThrow(
      'roster.json:4: people[0].timeZone: "Mars/Olympus" is not a known IANA time zone',
    );
  });

  it('collects issues from every section before failing', () => {
    const text = [
      'defaults: { timeZone: Nowhere/City }', // 1
      'people:', // 2
      '  - email: a@b.io', // 3
      '    teams: [ghost]', // 4
      '  - email: a@b.io', // 5
      'minGroupSize: 0', // 6
    ].join('\n');
    expect(() => parseConfig(text, 'r.yml')).toThrow(
      [
        'r.yml:1: defaults.timeZone: "Nowhere/City" is not a known IANA time zone',
        'r.yml:4: people[0].teams[0]: unknown team "ghost" (no teams are defined)',
        'r.yml:5: people[1].email: duplicate email "a@b.io" (first in people[0])',
        'r.yml:6: minGroupSize: must be >= 1, got 0',
      ].join('\n'),
    );
  });

  it('rejects a file that is not a mapping', () => {
    expect(() => parseConfig('- a\n- b\n', 'r.yaml')).toThrow('r.yaml:1: expected a mapping, got a list');
  });

  it('names a file it cannot read', async () => {
    await expect(loadConfig(fixture('missing.yaml'))).rejects.toThrow(
      `${fixture('missing.yaml')}: cannot read config file: file not found`,
    );
  });
});

describe('config: resolvePerson', () => {
  it('returns the roster person for a known email, in any case', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    expect(resolvePerson(config, 'ALICE@example.com', 'Asia/Tokyo')).toBe(person(config, 'alice@example.com'));
  });

  it('gives an unknown owner the default zone and hours of the roster', async () => {
    const config = await loadConfig(fixture('valid-roster.yaml'));
    expect(resolvePerson(config, 'Zed@Example.com', 'Asia/Tokyo')).toEqual({
      email: 'zed@example.com',
      name: null,
      timeZone: 'Europe/Berlin',
      workingHours: { days: [1, 2, 3, 4, 5], startMin: 540, endMin: 1020 },
      humaneHours: { days: [1, 2, 3, 4, 5], startMin: 480, endMin: 1080 },
      teams: [],
      hourlyRate: 100,
      region: 'EMEA',
    });
  });

  it('falls back to the given zone (Windows names mapped), then UTC, without a default zone', () => {
    const config = defaultConfig();
    expect(resolvePerson(config, 'a@b.io', 'Asia/Tokyo').timeZone).toBe('Asia/Tokyo');
    expect(resolvePerson(config, 'a@b.io', 'Tokyo Standard Time').timeZone).toBe('Asia/Tokyo');
    expect(resolvePerson(config, 'a@b.io', 'Not/AZone').timeZone).toBe('UTC');
    expect(resolvePerson(config, 'a@b.io', null)).toMatchObject({ timeZone: 'UTC', region: 'Other' });
  });

  it('hands out copies of the default hours', () => {
    const config = defaultConfig();
    resolvePerson(config, 'a@b.io').workingHours.days.push(6);
    expect(config.defaults.workingHours.days).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('config: defaultConfig', () => {
  it('has no people and the default definitions', () => {
    const config = defaultConfig();
    expect(config.path).toBeNull();
    expect(config.people).toEqual([]);
    expect(config.teams).toEqual([]);
    expect(config.calendarsByPerson.size).toBe(0);
    expect(config.definitions).toEqual(DEFAULT_DEFINITIONS);
    expect(config.definitions).not.toBe(DEFAULT_DEFINITIONS);
    expect(config.minGroupSize).toBe(5);
  });
});
