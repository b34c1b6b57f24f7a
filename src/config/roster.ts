/**
 * The roster/config file: who is audited (zones, hours, teams, calendars), definition overrides and
 * rule settings. YAML or JSON; JSON is read with the YAML parser too (YAML 1.2 is a JSON superset) so
 * that every problem can be reported with its line.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { DEFAULT_DEFINITIONS, DEFINITIONS_VERSION, type Definitions } from '../model/definitions.js';
import { InputError } from '../model/errors.js';
import type { Severity } from '../model/finding.js';
import { DEFAULT_WORKING_HOURS, regionOfTimeZone, type Person, type Team, type WorkingHours } from '../model/person.js';
import { ConfigError, fromZodIssues, locateIssues, type ConfigIssue, type ConfigPath } from './issues.js';
import { ianaNameFor } from '../connectors/time-zone-names.js';
import { configInput, endBeforeStartMessage, type ConfigInput, type HoursInput } from './schema.js';

export { ConfigError, formatConfigPath, type ConfigIssue, type LocatedConfigIssue } from './issues.js';
export { parseDayOfWeek } from './schema.js';

/** How one rule is set up in the config; the rules engine validates `options` against the rule. */
export interface RuleConfig {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface AuditConfig {
  /** Absolute path of the file this came from; null for the built-in defaults. */
  path: string | null;
  defaults: {
    timeZone: string | null;
    workingHours: WorkingHours;
    humaneHours: WorkingHours;
    hourlyRate: number | null;
  };
  /** Roster people, fully resolved; team members and leads missing from `people` are added with defaults. */
  people: Person[];
  /** Calendar files or folders per person (absolute paths); only people who list some have an entry. */
  calendarsByPerson: Map<string, string[]>;
  teams: Team[];
  definitions: Definitions;
  rules: Record<string, RuleConfig>;
  /** Fewest people a team/region aggregate may show (privacy). */
  minGroupSize: number;
}

export const DEFAULT_MIN_GROUP_SIZE = 5;

function cloneHours(hours: WorkingHours): WorkingHours {
  return { days: [...hours.days], startMin: hours.startMin, endMin: hours.endMin };
}

function cloneDefinitions(definitions: Definitions): Definitions {
  return structuredClone(definitions);
}

/** The config used when no file is given: nobody in the roster, the documented definitions. */
export function defaultConfig(): AuditConfig {
  return {
    path: null,
    defaults: {
      timeZone: null,
      workingHours: cloneHours(DEFAULT_WORKING_HOURS),
      humaneHours: cloneHours(DEFAULT_WORKING_HOURS),
      hourlyRate: null,
    },
    people: [],
    calendarsByPerson: new Map(),
    teams: [],
    definitions: cloneDefinitions(DEFAULT_DEFINITIONS),
    rules: {},
    minGroupSize: DEFAULT_MIN_GROUP_SIZE,
  };
}

function createDefaultPerson(defaults: AuditConfig['defaults'], email: string, timeZone: string): Person {
  return {
    email,
    name: null,
    timeZone,
    workingHours: cloneHours(defaults.workingHours),
    humaneHours: cloneHours(defaults.humaneHours),
    teams: [],
    hourlyRate: defaults.hourlyRate,
    region: regionOfTimeZone(timeZone),
  };
}

/**
 * The roster's Person for `email`, or a default one for a calendar owner the roster does not list:
 * in the roster's default zone, else `fallbackTimeZone` (e.g. the calendar's own zone; Windows names
 * are mapped), else UTC, with the default hours.
 */
export function resolvePerson(config: AuditConfig, email: string, fallbackTimeZone?: string | null): Person {
  const key = email.trim().toLowerCase();
  const known = config.people.find((person) => person.email === key);
  if (known) return known;
  const fallback = fallbackTimeZone ? ianaNameFor(fallbackTimeZone) : null;
  return createDefaultPerson(config.defaults, key, config.defaults.timeZone ?? fallback ?? 'UTC');
}

/** Reads and parses a config file; every problem is an InputError naming the file and line. */
export async function loadConfig(path: string): Promise<AuditConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new InputError(`cannot read config file: ${reason}`, path);
  }
  return parseConfig(text, path);
}

/**
 * Parses config text. `path` names the file in messages and anchors relative calendar paths; a
 * `.json` path is read as strict JSON, anything else as YAML.
 */
export function parseConfig(text: string, path: string): AuditConfig {
  const isJson = extname(path).toLowerCase() === '.json';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    schema: isJson ? 'json' : 'core',
  });
  if (doc.errors.length > 0) {
    const syntax = isJson ? 'JSON' : 'YAML';
    throw new ConfigError(
      path,
      doc.errors.map((error) => ({
        path: [],
        line: error.linePos?.[0].line ?? 1,
        message: `invalid ${syntax}: ${firstSentence(error.message)}`,
      })),
    );
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ConfigError(path, [{ path: [], line: 1, message: (error as Error).message }]);
  }
  // An empty file (or one with only comments) is an empty config.
  if (raw === null || raw === undefined) raw = {};

  const issues: ConfigIssue[] = [];
  const parsed = configInput.safeParse(raw, { reportInput: true });
  if (!parsed.success) issues.push(...fromZodIssues(parsed.error.issues));
  issues.push(...checkReferences(raw));
  const config = parsed.success ? resolveConfig(parsed.data, resolve(path), issues) : null;
  if (issues.length > 0 || config === null) throw new ConfigError(path, locateIssues(doc, lineCounter, issues));
  return config;
}

function firstSentence(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Duplicate ids and unknown team references. Run over the raw value so that they are reported
 * together with shape errors elsewhere in the file, not only once those are fixed.
 */
function checkReferences(raw: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const root = isRecord(raw) ? raw : {};
  const teams = Array.isArray(root.teams) ? root.teams : [];
  const people = Array.isArray(root.people) ? root.people : [];

  const teamIndex = new Map<string, number>();
  teams.forEach((team, j) => {
    if (!isRecord(team) || typeof team.id !== 'string' || team.id.trim() === '') return;
    const id = team.id.trim();
    const first = teamIndex.get(id);
    if (first !== undefined) issues.push({ path: ['teams', j, 'id'], message: `duplicate team id "${id}" (first in teams[${first}])` });
    else teamIndex.set(id, j);
  });
  const known = [...teamIndex.keys()];

  const emailIndex = new Map<string, number>();
  people.forEach((person, i) => {
    if (!isRecord(person)) return;
    if (typeof person.email === 'string') {
      const email = person.email.trim().toLowerCase();
      const first = emailIndex.get(email);
      if (first !== undefined) {
        issues.push({ path: ['people', i, 'email'], message: `duplicate email "${email}" (first in people[${first}])` });
      } else emailIndex.set(email, i);
    }
    if (Array.isArray(person.teams)) {
      person.teams.forEach((id, k) => {
        if (typeof id !== 'string' || id.trim() === '' || teamIndex.has(id.trim())) return;
        const hint = known.length > 0 ? `known teams: ${known.join(', ')}` : 'no teams are defined';
        issues.push({ path: ['people', i, 'teams', k], message: `unknown team "${id.trim()}" (${hint})` });
      });
    }
  });
  return issues;
}

/** Hours as written, each missing field taken from `base`; end must come after start. */
function mergeHours(
  input: HoursInput | null | undefined,
  base: WorkingHours,
  path: ConfigPath,
  issues: ConfigIssue[],
): WorkingHours {
  const hours: WorkingHours = {
    days: input?.days ? [...input.days] : [...base.days],
    startMin: input?.start ?? base.startMin,
    endMin: input?.end ?? base.endMin,
  };
  // Hours that give both ends were checked by the schema; here only those completed from `base`.
  const complete = input?.start != null && input?.end != null;
  if (!complete && hours.endMin <= hours.startMin) {
    issues.push({ path: input?.end != null ? [...path, 'end'] : path, message: endBeforeStartMessage(hours.startMin, hours.endMin) });
  }
  return hours;
}

function resolveConfig(input: ConfigInput, absolutePath: string, issues: ConfigIssue[]): AuditConfig {
  const folder = dirname(absolutePath);
  const defaultsIn = input.defaults ?? {};
  const defaultZone = defaultsIn.timeZone ?? null;
  const workingHours = mergeHours(defaultsIn.workingHours, DEFAULT_WORKING_HOURS, ['defaults', 'workingHours'], issues);
  const humaneHours = defaultsIn.humaneHours
    ? mergeHours(defaultsIn.humaneHours, workingHours, ['defaults', 'humaneHours'], issues)
    : cloneHours(workingHours);
  const defaults: AuditConfig['defaults'] = {
    timeZone: defaultZone,
    workingHours,
    humaneHours,
    hourlyRate: defaultsIn.hourlyRate ?? null,
  };

  const people: Person[] = [];
  const personByEmail = new Map<string, Person>();
  const calendarsByPerson = new Map<string, string[]>();
  (input.people ?? []).forEach((p, i) => {
    if (personByEmail.has(p.email)) return; // reported by checkReferences
    const path: ConfigPath = ['people', i];
    let timeZone = p.timeZone ?? defaultZone;
    if (timeZone === null) {
      issues.push({ path: [...path, 'timeZone'], message: 'is required (or set defaults.timeZone)' });
      timeZone = 'UTC';
    }
    const personWorking = mergeHours(p.workingHours, workingHours, [...path, 'workingHours'], issues);
    // Humane hours fall back to the roster-wide humane hours when those are set, else to this person's own hours.
    const humaneBase = defaultsIn.humaneHours ? humaneHours : personWorking;
    const personHumane = p.humaneHours
      ? mergeHours(p.humaneHours, humaneBase, [...path, 'humaneHours'], issues)
      : cloneHours(humaneBase);
    const person: Person = {
      email: p.email,
      name: p.name?.trim() || null,
      timeZone,
      workingHours: personWorking,
      humaneHours: personHumane,
      teams: [...new Set(p.teams ?? [])],
      hourlyRate: p.hourlyRate ?? defaults.hourlyRate,
      region: p.region ?? regionOfTimeZone(timeZone),
    };
    people.push(person);
    personByEmail.set(person.email, person);
    if (p.calendars && p.calendars.length > 0) {
      calendarsByPerson.set(person.email, [...new Set(p.calendars.map((c) => resolve(folder, c)))]);
    }
  });

  const teams: Team[] = [];
  const seenTeams = new Set<string>();
  (input.teams ?? []).forEach((t, j) => {
    if (seenTeams.has(t.id)) return; // reported by checkReferences
    seenTeams.add(t.id);
    const path: ConfigPath = ['teams', j];
    const members = new Set(t.members ?? []);
    for (const person of people) if (person.teams.includes(t.id)) members.add(person.email);
    let overlapWindow: Team['overlapWindow'] = null;
    if (t.overlapWindow) {
      const owPath: ConfigPath = [...path, 'overlapWindow'];
      let timeZone = t.overlapWindow.timeZone ?? defaultZone;
      if (timeZone === null) {
        issues.push({ path: [...owPath, 'timeZone'], message: 'is required (or set defaults.timeZone)' });
        timeZone = 'UTC';
      }
      overlapWindow = { startMin: t.overlapWindow.start, endMin: t.overlapWindow.end, timeZone };
    }
    teams.push({
      id: t.id,
      name: t.name ?? t.id,
      members: [...members],
      leads: [...new Set(t.leads ?? [])],
      overlapWindow,
      noMeetingDay: t.noMeetingDay ?? null,
    });
  });

  // Team members and leads the roster does not list are still people the audit knows.
  for (const team of teams) {
    for (const email of [...team.members, ...team.leads]) {
      if (personByEmail.has(email)) continue;
      const person = createDefaultPerson(defaults, email, defaultZone ?? 'UTC');
      people.push(person);
      personByEmail.set(email, person);
    }
  }
  // A person's teams: the ones they list and the ones that list them, in the order teams are declared.
  for (const person of people) {
    person.teams = teams.filter((team) => team.members.includes(person.email)).map((team) => team.id);
  }

  return {
    path: absolutePath,
    defaults,
    people,
    calendarsByPerson,
    teams,
    definitions: mergeDefinitions(input.definitions, defaults.hourlyRate),
    rules: resolveRules(input.rules),
    minGroupSize: input.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * DEFAULT_DEFINITIONS with the file's overrides; `meeting` is merged key by key, pattern lists are
 * replaced. The version stays DEFINITIONS_VERSION: it names the defaults the overrides apply to.
 */
function mergeDefinitions(overrides: ConfigInput['definitions'], defaultHourlyRate: number | null): Definitions {
  const base = cloneDefinitions(DEFAULT_DEFINITIONS);
  const { meeting, ...rest } = overrides ?? {};
  return {
    ...base,
    // defaults.hourlyRate is the roster's word for the same thing; definitions.hourlyRate wins when both are set.
    hourlyRate: defaultHourlyRate ?? base.hourlyRate,
    ...withoutUndefined(rest),
    meeting: { ...base.meeting, ...withoutUndefined(meeting ?? {}) },
    version: DEFINITIONS_VERSION,
  };
}

function resolveRules(rules: ConfigInput['rules']): Record<string, RuleConfig> {
  const out: Record<string, RuleConfig> = {};
  for (const [id, rule] of Object.entries(rules ?? {})) {
    const config: RuleConfig = {};
    if (rule?.enabled != null) config.enabled = rule.enabled;
    if (rule?.severity != null) config.severity = rule.severity;
    if (rule?.options != null) config.options = rule.options;
    out[id] = config;
  }
  return out;
}
