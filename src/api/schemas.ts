/** Request and response schemas shared by the routes; they also make up the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import type { Person, Team, WorkingHours } from '../model/person.js';
import { formatClockMin, isValidTimeZone, parseClockMin } from '../model/time.js';
import { parseDayOfWeek } from '../config/schema.js';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not-found' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s] ?? 'error', content: { 'application/json': { schema: ErrorSchema } } }]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid request (query, path or body)',
  401: 'missing or invalid bearer token',
  403: 'outside the token\'s scope, or a group too small to report',
  404: 'not found',
  413: 'upload larger than the limit',
  415: 'unsupported content type',
  422: 'the content cannot be used (not iCalendar, invalid roster, not enough data)',
};

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^\s@]+@[^\s@]+$/, 'not an email address')
  .openapi({ example: 'ana.silva@example.com' });

export const TimeZone = z
  .string()
  .refine(isValidTimeZone, { message: 'not a known IANA time zone' })
  .openapi({ example: 'Europe/Berlin' });

export const Clock = z
  .string()
  .regex(/^\d{2}:\d{2}$/, 'expected "HH:MM"')
  .transform((text, ctx) => {
    try {
      return parseClockMin(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a time between 00:00 and 24:00` });
      return z.NEVER;
    }
  })
  .openapi({ type: 'string', example: '09:00' });

export const Weekday = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    // The roster file's parser: "Mon", "monday", 1..7.
    const day = parseDayOfWeek(value);
    if (day === null) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a day of the week (Mon..Sun or 1..7)` });
      return z.NEVER;
    }
    return day;
  })
  .openapi({ example: 'Fri', description: 'ISO weekday: 1..7 (1 = Monday) or a day name' });

export const HoursInput = z
  .object({
    days: z.array(Weekday).min(1).optional(),
    start: Clock.optional(),
    end: Clock.optional(),
  })
  .openapi('HoursInput');

export const HoursOutput = z
  .object({ days: z.array(z.number().int()), start: z.string(), end: z.string() })
  .openapi('Hours');

export const PersonOutput = z
  .object({
    email: z.string(),
    name: z.string().nullable(),
    timeZone: z.string(),
    region: z.string(),
    workingHours: HoursOutput,
    humaneHours: HoursOutput,
    hourlyRate: z.number().nullable(),
    teams: z.array(z.string()),
  })
  .openapi('Person');

export const PersonInput = z
  .object({
    email: Email,
    name: z.string().trim().min(1).nullish(),
    timeZone: TimeZone.optional(),
    workingHours: HoursInput.optional(),
    humaneHours: HoursInput.optional(),
    hourlyRate: z.number().nonnegative().nullish(),
    region: z.string().trim().min(1).optional(),
  })
  .strict()
  .openapi('PersonInput');

export const TeamInput = z
  .object({
    id: z.string().trim().regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, ".", "_" and "-"').openapi({ example: 'payments' }),
    name: z.string().trim().min(1).optional(),
    members: z.array(Email).default([]),
    leads: z.array(Email).default([]),
    noMeetingDay: Weekday.nullish(),
    overlapWindow: z.object({ start: Clock, end: Clock, timeZone: TimeZone }).strict().nullish(),
  })
  .strict()
  .openapi('TeamInput');

export const TeamOutput = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.array(z.string()),
    leads: z.array(z.string()),
    noMeetingDay: z.number().int().nullable(),
    overlapWindow: z.object({ start: z.string(), end: z.string(), timeZone: z.string() }).nullable(),
  })
  .openapi('Team');

export const WarningSchema = z.object({ code: z.string(), location: z.string(), message: z.string() }).openapi('Warning');

/** A free-form JSON report; its fields are documented in the README. */
export const ReportSchema = z.record(z.string(), z.unknown()).openapi('Report');

export function hoursToOutput(h: WorkingHours): z.infer<typeof HoursOutput> {
  return { days: h.days, start: formatClockMin(h.startMin), end: formatClockMin(h.endMin) };
}

export function personToOutput(p: Person): z.infer<typeof PersonOutput> {
  return {
    email: p.email,
    name: p.name,
    timeZone: p.timeZone,
    region: p.region,
    workingHours: hoursToOutput(p.workingHours),
    humaneHours: hoursToOutput(p.humaneHours),
    hourlyRate: p.hourlyRate,
    teams: p.teams,
  };
}

export function teamToOutput(t: Team): z.infer<typeof TeamOutput> {
  return {
    id: t.id,
    name: t.name,
    members: t.members,
    leads: t.leads,
    noMeetingDay: t.noMeetingDay,
    overlapWindow: t.overlapWindow
      ? { start: formatClockMin(t.overlapWindow.startMin), end: formatClockMin(t.overlapWindow.endMin), timeZone: t.overlapWindow.timeZone }
      : null,
  };
}

/** Fills hours given in part from defaults; end must come after start. */
export function resolveHours(input: z.infer<typeof HoursInput> | undefined, fallback: WorkingHours, where: string): WorkingHours {
  const hours = {
    days: input?.days ? [...new Set(input.days)].sort((a, b) => a - b) : [...fallback.days],
    startMin: input?.start ?? fallback.startMin,
    endMin: input?.end ?? fallback.endMin,
  };
  if (hours.endMin <= hours.startMin) {
    throw new ValidationError(`${where}: end ${formatClockMin(hours.endMin)} must be after start ${formatClockMin(hours.startMin)}`);
  }
  return hours;
}

export class ValidationError extends Error {
  readonly code = 'invalid-request';
}
