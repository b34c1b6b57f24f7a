import type { z } from 'zod';
import type { Definitions } from '../model/definitions.js';
import type { EvidenceValue, Finding, FindingSubject, Severity } from '../model/finding.js';
import type { Occurrence } from '../model/occurrence.js';
import type { Person, Team } from '../model/person.js';
import type { MeetingIndex } from '../metrics/series.js';
import type { PersonWeekMetrics } from '../metrics/types.js';

/** Everything a rule may look at. Pure data: rules read no clock and do no I/O. */
export interface RuleContext {
  definitions: Definitions;
  /** Everyone audited, with resolved zones and hours. */
  people: Person[];
  /** People known by email: the audited ones plus roster members without a calendar. */
  personByEmail: Map<string, Person>;
  teams: Team[];
  /** Each audited person's classified occurrences, sorted by start (all kinds, excluded ones too). */
  occurrencesByPerson: Map<string, Occurrence[]>;
  /** Each audited person's weekly metrics, in week order. */
  weeksByPerson: Map<string, PersonWeekMetrics[]>;
  /** The audit window [fromMs, toMs). */
  window: { fromMs: number; toMs: number };
  /**
   * The meetings of `occurrencesByPerson` over `window`, when already indexed (as calendars were
   * read); used only when it holds exactly those lists and that window.
   */
  meetingIndex?: MeetingIndex;
}

/** What a rule's check returns: the engine adds the rule id and severity. */
export interface RawFinding {
  subject: FindingSubject;
  person: string | null;
  week: string | null;
  message: string;
  evidence: Record<string, EvidenceValue>;
  hoursAtStake: number;
  /** Overrides the rule's severity for this finding (e.g. critical above a second threshold). */
  severity?: Severity;
}

export interface Rule<Options extends Record<string, unknown> = Record<string, unknown>> {
  /** Stable kebab-case id, the file name; never reused for another meaning. */
  id: string;
  /** One sentence: what it flags and why it matters. */
  description: string;
  /** The exact definition, as documented in the README. */
  definition: string;
  severity: Severity;
  /** Validates and fills options from the config file; defaults are the documented ones. */
  options: z.ZodType<Options>;
  check(ctx: RuleContext, options: Options): RawFinding[];
}

export function defineRule<Options extends Record<string, unknown>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export type AnyRule = Rule<any>;

export type { Finding };
