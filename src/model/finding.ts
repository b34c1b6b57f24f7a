export type Severity = 'info' | 'warning' | 'critical';

export type FindingSubject =
  | { type: 'occurrence'; person: string; uid: string; startMs: number; title: string }
  | { type: 'series'; seriesId: string; title: string }
  | { type: 'person-week'; person: string; week: string };

export type EvidenceValue = string | number | boolean | null | string[] | number[];

/** One thing a rule found, ranked by the weekly hours at stake. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  subject: FindingSubject;
  /** The person whose week or calendar this is about (the organizer for a series), when one applies. */
  person: string | null;
  /** The ISO week it falls in, when it is about one week. */
  week: string | null;
  message: string;
  evidence: Record<string, EvidenceValue>;
  /** Hours per week this finding puts at stake (summed over the people affected). */
  hoursAtStake: number;
}
