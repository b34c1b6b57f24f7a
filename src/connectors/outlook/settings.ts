import type { Client } from '@microsoft/microsoft-graph-client';
import type { WorkingHours } from '../../model/person.js';
import { zoneOffsetMs } from '../../model/time.js';
import type { CalendarSettings } from '../types.js';
import { ianaNameFor } from '../time-zone-names.js';
import { clockMinutes } from './graph-time.js';
import type { GraphMailboxSettings, GraphWorkingHours } from './graph-types.js';

const ISO_DAY: Record<string, number> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 };

function workingHoursOf(hours: GraphWorkingHours, timeZone: string | null, nowMs: number): WorkingHours | null {
  const days = [...new Set((hours.daysOfWeek ?? []).map((d) => ISO_DAY[d.toLowerCase()]).filter(Boolean))].sort((a, b) => a - b);
  if (days.length === 0 || !hours.startTime || !hours.endTime) return null;
  let startMin = clockMinutes(hours.startTime);
  let endMin = clockMinutes(hours.endTime);
  if (endMin === 0) endMin = 24 * 60; // "00:00:00" ends at midnight
  // Working hours may be written in another zone than the mailbox's: move them into the mailbox
  // zone at today's offsets (a person's hours do not follow a DST change elsewhere in this model).
  const hoursZone = hours.timeZone?.name ? ianaNameFor(hours.timeZone.name) : null;
  if (timeZone && hoursZone && hoursZone !== timeZone) {
    const shiftMin = Math.round((zoneOffsetMs(nowMs, timeZone) - zoneOffsetMs(nowMs, hoursZone)) / 60_000);
    startMin = Math.min(Math.max(startMin + shiftMin, 0), 24 * 60);
    endMin = Math.min(Math.max(endMin + shiftMin, 0), 24 * 60);
  }
  return endMin > startMin ? { days, startMin, endMin } : null;
}

/** mailboxSettings as CalendarSettings: the zone (Windows names mapped to IANA) and working hours. Pure. */
export function mapMailboxSettings(settings: GraphMailboxSettings, nowMs: number): CalendarSettings {
  const hoursZoneName = settings.workingHours?.timeZone?.name;
  const timeZone = (settings.timeZone && ianaNameFor(settings.timeZone)) || (hoursZoneName && ianaNameFor(hoursZoneName)) || null;
  return {
    timeZone,
    workingHours: settings.workingHours ? workingHoursOf(settings.workingHours, timeZone, nowMs) : null,
  };
}

/** GET /users/{id}/mailboxSettings (https://learn.microsoft.com/graph/api/user-get-mailboxsettings). */
export async function readMailboxSettings(client: Client, email: string): Promise<CalendarSettings> {
  const body = (await client.api(`/users/${encodeURIComponent(email)}/mailboxSettings`).get()) as GraphMailboxSettings;
  return mapMailboxSettings(body, Date.now());
}
