import { AuditorError, InputError } from '../model/errors.js';
import type { Finding, Severity } from '../model/finding.js';
import type { AnyRule, RuleContext } from './define-rule.js';
import { getRule, rules as allRules } from './registry.js';

/** Per-rule settings from the config file, keyed by rule id. Rules not listed run with their defaults. */
export type RulesConfig = Record<string, RuleSettings>;

export interface RuleSettings {
  /** Default true. */
  enabled?: boolean;
  /** Replaces the severity of every finding of the rule (including per-finding escalations). */
  severity?: Severity;
  options?: Record<string, unknown>;
}

/** A rule ready to run: its options validated and defaults filled. */
export interface ResolvedRule {
  rule: AnyRule;
  severity: Severity | null;
  options: Record<string, unknown>;
}

const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function describePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/**
 * Validates the config against the registry: unknown rule ids, bad settings and invalid options
 * throw an InputError whose location names the rule and the option ("rules.large-meeting.options.maxAttendees").
 * Returns the enabled rules in registry order.
 */
export function resolveRules(config: RulesConfig = {}, registry: readonly AnyRule[] = allRules): ResolvedRule[] {
  const byId = new Map(registry.map((r) => [r.id, r]));
  for (const id of Object.keys(config)) {
    if (!byId.has(id)) {
      throw new InputError(`unknown rule "${id}" (known rules: ${registry.map((r) => r.id).join(', ')})`, `rules.${id}`);
    }
  }
  const resolved: ResolvedRule[] = [];
  for (const rule of registry) {
    const settings: unknown = config[rule.id] ?? {};
    const where = `rules.${rule.id}`;
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw new InputError(`rule "${rule.id}": settings must be an object with enabled, severity and options`, where);
    }
    const { enabled, severity, options, ...rest } = settings as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) {
      throw new InputError(`rule "${rule.id}": unknown setting "${extra[0]}" (expected enabled, severity, options)`, `${where}.${extra[0]}`);
    }
    if (enabled !== undefined && typeof enabled !== 'boolean') {
      throw new InputError(`rule "${rule.id}": enabled must be true or false`, `${where}.enabled`);
    }
    if (severity !== undefined && !SEVERITIES.includes(severity as Severity)) {
      throw new InputError(`rule "${rule.id}": severity must be one of ${SEVERITIES.join(', ')}`, `${where}.severity`);
    }
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw new InputError(`rule "${rule.id}": options must be an object`, `${where}.options`);
    }
    // Options are validated even for a disabled rule: a typo should not wait until the rule is switched on.
    const parsed = rule.options.safeParse(options ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = keys.length > 0 ? [...issue.path, keys[0]] : issue.path;
      const option = path.length > 0 ? describePath(path).slice(1) : '(options)';
      const message =
        keys.length > 0 ? `unknown option "${keys[0]}"` : `option "${option}": ${issue.message}`;
      throw new InputError(`rule "${rule.id}": ${message}`, `${where}.options${describePath(path)}`);
    }
    if (enabled === false) continue;
    resolved.push({ rule, severity: (severity as Severity | undefined) ?? null, options: parsed.data });
  }
  return resolved;
}

/** Largest hoursAtStake first; ties by rule id, message, then subject, so the output is deterministic. */
export function compareFindings(a: Finding, b: Finding): number {
  return b.hoursAtStake - a.hoursAtStake || compareBeyondStake(a, b);
}

function compareBeyondStake(a: Finding, b: Finding): number {
  return (
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message) ||
    compareText(JSON.stringify(a.subject), JSON.stringify(b.subject))
  );
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Runs every enabled rule over the context and returns its findings, stamped with the rule id and
 * severity and ranked by hoursAtStake (rounded to 0.01 h). Pure: same context and config, same output.
 */
export function runRules(ctx: RuleContext, config: RulesConfig = {}): Finding[] {
  const findings: Finding[] = [];
  for (const { rule, severity, options } of resolveRules(config)) {
    let raw;
    try {
      raw = rule.check(ctx, options);
    } catch (error) {
      if (error instanceof AuditorError) throw error;
      throw new AuditorError('rule-failed', `rule "${rule.id}" failed: ${(error as Error)?.message ?? String(error)}`, {
        cause: error,
      });
    }
    for (const f of raw) {
      findings.push({
        ruleId: rule.id,
        severity: severity ?? f.severity ?? rule.severity,
        subject: f.subject,
        person: f.person,
        week: f.week,
        message: f.message,
        evidence: f.evidence,
        hoursAtStake: round2(f.hoursAtStake),
      });
    }
  }
  return sortFindings(findings);
}

/**
 * `findings.sort(compareFindings)`, comparing stakes once per distinct value (there are few): the
 * findings are grouped by stake, largest first, and each group sorted by the rest of compareFindings.
 */
function sortFindings(findings: Finding[]): Finding[] {
  const byStake = new Map<number, Finding[]>();
  for (const f of findings) {
    // compareFindings finds NaN equal to every stake: no grouping gives its order, so leave that to it.
    if (Number.isNaN(f.hoursAtStake)) return findings.sort(compareFindings);
    let group = byStake.get(f.hoursAtStake);
    if (!group) byStake.set(f.hoursAtStake, (group = []));
    group.push(f);
  }
  const sorted: Finding[] = [];
  for (const stake of Float64Array.from(byStake.keys()).sort().reverse()) {
    const group = byStake.get(stake)!;
    if (group.length > 1) group.sort(compareBeyondStake);
    for (const f of group) sorted.push(f);
  }
  return sorted;
}

export { getRule };
