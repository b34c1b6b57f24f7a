/**
 * The shape of a roster/config file, as zod schemas over the raw YAML/JSON value. Field values are
 * normalized here (days to ISO numbers, clock times to minutes, zones to IANA names); anything that
 * needs more than one field (end after start, team references, fallbacks) is resolved in roster.ts.
 */
import { z } from 'zod';
import { ianaNameFor } from '../connectors/time-zone-names.js';
import { formatClockMin, parseClockMin } from '../model/time.js';

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "Mon", "monday", "MONDAY", 1..7 (ISO, 1 = Monday) -> 1..7; anything else -> null. */
export function parseDayOfWeek(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 7 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (/^[1-7]$/.test(text)) return Number(text);
  const index = DAY_NAMES.findIndex((name) => text === name || text === name.slice(0, 3));
  return index === -1 ? null : index + 1;
}

/** For a transform over z.unknown(): reports a missing value as such rather than as a bad one. */
function reportBad(ctx: z.core.$RefinementCtx<unknown>, value: unknown, message: string): never {
  ctx.issues.push({ code: 'custom', input: value, message: value === undefined ? 'is required' : message });
  return z.NEVER;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const day = z.unknown().transform((value, ctx) => {
  const parsed = parseDayOfWeek(value);
  return parsed ?? reportBad(ctx, value, `${describe(value)} is not a day of the week (Mon..Sun or 1..7)`);
});

const clockTime = z.unknown().transform((value, ctx) => {
  if (typeof value === 'string') {
    try {
      return parseClockMin(value.trim());
    } catch {
      // reported below
    }
  }
  return reportBad(ctx, value, `${describe(value)} is not a time "HH:MM" (00:00..24:00)`);
});

const timeZone = z.unknown().transform((value, ctx) => {
  const iana = typeof value === 'string' ? ianaNameFor(value) : null;
  return iana ?? reportBad(ctx, value, `${describe(value)} is not a known IANA time zone`);
});

const email = z.unknown().transform((value, ctx) => {
  if (typeof value === 'string' && /^[^\s@]+@[^\s@]+$/.test(value.trim())) return value.trim().toLowerCase();
  return reportBad(ctx, value, `${describe(value)} is not an email address`);
});

const nonEmptyString = z.string().trim().min(1);

const regexPattern = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      input: pattern,
      message: `${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`,
    });
  }
});

const hourlyRate = z.number().nonnegative();

/** The message for hours whose end is not after their start (also used once hours are merged). */
export function endBeforeStartMessage(startMin: number, endMin: number): string {
  return `end ${formatClockMin(endMin)} must be after start ${formatClockMin(startMin)}`;
}

function checkEndAfterStart(
  hours: { start?: number | null; end?: number | null },
  ctx: z.core.$RefinementCtx<unknown>,
): void {
  if (hours.start != null && hours.end != null && hours.end <= hours.start) {
    ctx.addIssue({ code: 'custom', path: ['end'], input: hours.end, message: endBeforeStartMessage(hours.start, hours.end) });
  }
}

/** Hours as written: every field optional, filled from the defaults when the config is resolved. */
const hoursInput = z
  .strictObject({
    days: z
      .array(day)
      .min(1)
      .transform((days) => [...new Set(days)].sort((a, b) => a - b))
      .nullish(),
    start: clockTime.nullish(),
    end: clockTime.nullish(),
  })
  .superRefine(checkEndAfterStart);
export type HoursInput = z.output<typeof hoursInput>;

const calendars = z.unknown().transform((value, ctx) => {
  const list = typeof value === 'string' ? [value] : value;
  if (Array.isArray(list) && list.every((item) => typeof item === 'string' && item.trim() !== '')) {
    return (list as string[]).map((item) => item.trim());
  }
  return reportBad(ctx, value, 'expected a file or folder path, or a list of them');
});

const personInput = z.strictObject({
  email,
  name: z.string().nullish(),
  timeZone: timeZone.nullish(),
  workingHours: hoursInput.nullish(),
  humaneHours: hoursInput.nullish(),
  teams: z.array(nonEmptyString).nullish(),
  hourlyRate: hourlyRate.nullish(),
  region: nonEmptyString.nullish(),
  calendars: calendars.nullish(),
});
export type PersonInput = z.output<typeof personInput>;

const teamInput = z.strictObject({
  id: nonEmptyString,
  name: nonEmptyString.nullish(),
  leads: z.array(email).nullish(),
  members: z.array(email).nullish(),
  noMeetingDay: day.nullish(),
  overlapWindow: z
    .strictObject({ start: clockTime, end: clockTime, timeZone: timeZone.nullish() })
    .superRefine(checkEndAfterStart)
    .nullish(),
});
export type TeamInput = z.output<typeof teamInput>;

const meetingOverride = z.strictObject({
  minParticipants: z.int().min(1).optional(),
  maxDurationMin: z.number().positive().optional(),
  countTentative: z.boolean().optional(),
  countUnanswered: z.boolean().optional(),
  countFree: z.boolean().optional(),
  ignoreTitlePatterns: z.array(regexPattern).optional(),
});

/** Partial overrides of DEFAULT_DEFINITIONS; `version` is not among them on purpose. */
const definitionsOverride = z.strictObject({
  meeting: meetingOverride.optional(),
  focusTitlePatterns: z.array(regexPattern).optional(),
  outOfOfficeTitlePatterns: z.array(regexPattern).optional(),
  focusBlockMin: z.number().positive().optional(),
  refocusTaxMin: z.number().nonnegative().optional(),
  largeMeetingAttendees: z.int().min(1).optional(),
  longMeetingMin: z.number().positive().optional(),
  meetingHeavyDayHours: z.number().positive().max(24).optional(),
  backToBackGapMin: z.number().nonnegative().optional(),
  shortNoticeHours: z.number().nonnegative().optional(),
  hourlyRate: hourlyRate.nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "USD"').optional(),
});
export type DefinitionsOverride = z.output<typeof definitionsOverride>;

/** Only the shape: each rule validates its own options when the engine loads it. */
const ruleInput = z.strictObject({
  enabled: z.boolean().nullish(),
  severity: z.enum(['info', 'warning', 'critical']).nullish(),
  options: z.record(z.string(), z.unknown()).nullish(),
});

export const configInput = z.strictObject({
  defaults: z
    .strictObject({
      timeZone: timeZone.nullish(),
      workingHours: hoursInput.nullish(),
      humaneHours: hoursInput.nullish(),
      hourlyRate: hourlyRate.nullish(),
    })
    .nullish(),
  people: z.array(personInput).nullish(),
  teams: z.array(teamInput).nullish(),
  minGroupSize: z.int().min(1).nullish(),
  definitions: definitionsOverride.nullish(),
  rules: z.record(z.string(), ruleInput.nullish()).nullish(),
});
export type ConfigInput = z.output<typeof configInput>;
