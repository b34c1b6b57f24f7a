/** Working hours in the person's own zone: the same hours on each listed ISO weekday (1 = Monday). */
export interface WorkingHours {
  days: number[];
  startMin: number; // minutes after local midnight, e.g. 540 for 09:00
  endMin: number; // exclusive, e.g. 1020 for 17:00
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], startMin: 9 * 60, endMin: 17 * 60 };

export interface Person {
  email: string; // lower-case
  name: string | null;
  timeZone: string; // IANA
  workingHours: WorkingHours;
  /**
   * The hours this person can meet without paying the timezone tax. Defaults to the working hours;
   * a roster can widen it (e.g. 08:00-19:00) for people who accept early or late calls.
   */
  humaneHours: WorkingHours;
  teams: string[]; // team ids
  /** Cost of one hour of this person's time, for attendee-hour cost. */
  hourlyRate: number | null;
  /** Rough region for timezone-tax grouping: "Americas", "EMEA", "APAC" (derived from the zone when absent). */
  region: string;
}

export interface Team {
  id: string;
  name: string;
  members: string[]; // emails
  leads: string[]; // emails
  /** The team's humane overlap window, in `timeZone` (defaults to the overlap of members' humane hours). */
  overlapWindow: { startMin: number; endMin: number; timeZone: string } | null;
  /** ISO weekday (1 = Monday) on which the team holds no meetings, or null. */
  noMeetingDay: number | null;
}

/** The region a zone belongs to, from the IANA area ("America/Chicago" -> "Americas"). */
export function regionOfTimeZone(timeZone: string): string {
  const area = timeZone.split('/')[0];
  switch (area) {
    case 'America':
    case 'US':
    case 'Canada':
    case 'Brazil':
    case 'Chile':
    case 'Mexico':
      return 'Americas';
    case 'Europe':
    case 'Africa':
    case 'Atlantic':
      return 'EMEA';
    case 'Asia':
    case 'Australia':
    case 'Pacific':
    case 'Indian':
      return 'APAC';
    default:
      return 'Other';
  }
}
