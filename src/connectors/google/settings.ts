import type { WorkingHours } from '../../model/person.js';
import type { CalendarSettings } from '../types.js';
import { ianaNameFor } from '../time-zone-names.js';
import type { Requester } from './request.js';

/**
 * The person's zone (`settings.get('timezone')`, the zone they see their calendar in; the calendar's
 * own `timeZone` if that is missing) and working hours from `calendars.get`: two requests, made once
 * per person the roster does not describe. `workingHours` is a newer Calendar field that the npm types
 * (googleapis 178) lack, so the raw JSON is read defensively; absent or disabled gives null and the
 * roster's hours apply.
 */
export async function readGoogleSettings(req: Requester, calendarId: string): Promise<CalendarSettings> {
  const [setting, calendar] = await Promise.all([
    req.call((c) => c.settings.get({ setting: 'timezone' })),
    req.call((c) => c.calendars.get({ calendarId })),
  ]);
  const zone = setting.data.value || calendar.data.timeZone;
  return {
    timeZone: zone ? ianaNameFor(zone) : null,
    workingHours: readWorkingHours((calendar.data as { workingHours?: unknown }).workingHours),
  };
}

const DAY_NAMES: Record<string, number> = {
  MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6, SUNDAY: 7,
  MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7,
};

function dayOf(value: unknown): number | null {
  if (typeof value === 'number') return value >= 1 && value <= 7 ? value : value === 0 ? 7 : null;
  return typeof value === 'string' ? DAY_NAMES[value.trim().toUpperCase()] ?? null : null;
}

/**
 * `{workingHoursEnabled, availableTimes: [{dayOfWeek, periodStart, periodEnd}]}` (minutes from
 * midnight, end exclusive; https://pub.dev/documentation/googleapis/latest/calendar_v3/CalendarWorkingHours-class.html)
 * -> the model's one span on each working day: each day's first start to last end, and the span most
 * days share.
 */
export function readWorkingHours(raw: unknown): WorkingHours | null {
  if (!raw || typeof raw !== 'object') return null;
  const wh = raw as { workingHoursEnabled?: unknown; availableTimes?: unknown };
  if (wh.workingHoursEnabled === false || !Array.isArray(wh.availableTimes)) return null;
  const spans = new Map<number, { start: number; end: number }>();
  for (const t of wh.availableTimes as { dayOfWeek?: unknown; periodStart?: unknown; periodEnd?: unknown }[]) {
    const day = dayOf(t?.dayOfWeek);
    const start = t?.periodStart;
    const end = t?.periodEnd;
    if (day === null || typeof start !== 'number' || typeof end !== 'number' || start < 0 || end > 1440 || start >= end) continue;
    const s = spans.get(day);
    spans.set(day, s ? { start: Math.min(s.start, start), end: Math.max(s.end, end) } : { start, end });
  }
  if (spans.size === 0) return null;
  const counts = new Map<string, number>();
  for (const s of spans.values()) counts.set(`${s.start}-${s.end}`, (counts.get(`${s.start}-${s.end}`) ?? 0) + 1);
  const [common] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  const [startMin, endMin] = common.split('-').map(Number);
  return { days: [...spans.keys()].sort((a, b) => a - b), startMin, endMin };
}
