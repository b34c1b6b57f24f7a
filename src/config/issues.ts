/** Config problems, located on the line of the YAML/JSON node they are about. */
import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../model/errors.js';

export type ConfigPath = (string | number)[];

/** One thing wrong with a config file, before it is given a line. */
export interface ConfigIssue {
  path: ConfigPath;
  message: string;
  /** For an unknown key: the key itself, so the issue points at the key's line rather than its map's. */
  key?: string;
}

export interface LocatedConfigIssue extends ConfigIssue {
  /** 1-based line in the file. */
  line: number;
}

/**
 * Every problem found in one config file. Its message has one line per issue, each
 * `file:line: path: what is wrong`; `location` is the first issue's `file:line`.
 */
export class ConfigError extends InputError {
  constructor(
    readonly file: string,
    readonly issues: LocatedConfigIssue[],
  ) {
    const lines = issues.map((issue) => formatIssue(file, issue));
    const first = issues[0];
    // InputError prefixes the location itself: hand it the first line's location and the rest verbatim.
    const firstLocation = first ? `${file}:${first.line}` : file;
    const rest = lines.length > 0 ? lines.join('\n').slice(firstLocation.length + 2) : 'invalid config';
    super(rest, firstLocation);
    this.name = 'ConfigError';
  }
}

/** `people[2].timeZone` */
export function formatConfigPath(path: ConfigPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text;
}

function formatIssue(file: string, issue: LocatedConfigIssue): string {
  const path = formatConfigPath(issue.key === undefined ? issue.path : [...issue.path, issue.key]);
  return path === '' ? `${file}:${issue.line}: ${issue.message}` : `${file}:${issue.line}: ${path}: ${issue.message}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/** Zod issues as config issues, in words a person editing YAML understands. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path, key, message: 'unknown key' });
        break;
      case 'invalid_type':
        out.push({
          path,
          message:
            input === undefined
              ? 'is required'
              : `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(input)}`,
        });
        break;
      case 'too_small': {
        const min = String(issue.minimum);
        let message: string;
        if (issue.origin === 'array') message = `must list at least ${min} item${min === '1' ? '' : 's'}`;
        else if (issue.origin === 'string') message = 'must not be empty';
        else message = `must be ${issue.inclusive ? '>=' : '>'} ${min}, got ${describe(input)}`;
        out.push({ path, message });
        break;
      }
      case 'too_big': {
        const max = String(issue.maximum);
        const message =
          issue.origin === 'array'
            ? `must list at most ${max} items`
            : `must be ${issue.inclusive ? '<=' : '<'} ${max}, got ${describe(input)}`;
        out.push({ path, message });
        break;
      }
      case 'invalid_value':
        out.push({
          path,
          message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}`,
        });
        break;
      case 'invalid_format':
        out.push({ path, message: `${describe(input)} ${issue.message}` });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/**
 * The 1-based line of the node at `path` (of `path.key` when `key` is given), or of its nearest
 * ancestor present in the document. A map entry is located by its key, so a block value that starts
 * on the next line still points at the line that names it.
 */
export function lineOfPath(doc: Document, lineCounter: LineCounter, path: ConfigPath, key?: string): number {
  const parts: ConfigPath = key === undefined ? [...path] : [...path, key];
  for (;;) {
    const line = lineOfNode(doc, lineCounter, parts);
    if (line !== null) return line;
    if (parts.length === 0) return 1;
    parts.pop();
  }
}

function lineOfNode(doc: Document, lineCounter: LineCounter, parts: ConfigPath): number | null {
  const last = parts[parts.length - 1];
  if (typeof last === 'string') {
    const parent = parts.length === 1 ? doc.contents : doc.getIn(parts.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === last);
      if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
    }
    return null;
  }
  const node = parts.length === 0 ? doc.contents : doc.getIn(parts, true);
  return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : null;
}

export function locateIssues(doc: Document, lineCounter: LineCounter, issues: ConfigIssue[]): LocatedConfigIssue[] {
  const seen = new Set<string>();
  const located: LocatedConfigIssue[] = [];
  for (const issue of issues) {
    const line = lineOfPath(doc, lineCounter, issue.path, issue.key);
    const id = `${line}|${formatConfigPath(issue.path)}|${issue.key ?? ''}|${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    located.push({ ...issue, line });
  }
  // Stable: issues on the same line keep the order they were found in.
  return located.sort((a, b) => a.line - b.line);
}
