/** A small organisation on the Google fake, shared by the sync tests. */
import { generateKeyPairSync } from 'node:crypto';
import { instance, oneOff, weekdays, weekly } from '../connectors/google/events.js';
import { FakeGoogle } from '../connectors/google/fake-google.js';
import { DEFAULT_WORKING_HOURS, type Person } from '../../src/model/person.js';

export const WINDOW = { fromMs: Date.parse('2025-01-06T00:00:00Z'), toMs: Date.parse('2025-02-03T00:00:00Z') };
export const MISSING = 'gone@example.com';

export const emailOf = (i: number): string => `person${i}@example.com`;

export function person(email: string): Person {
  return {
    email,
    name: null,
    timeZone: 'Europe/Berlin',
    workingHours: DEFAULT_WORKING_HOURS,
    humaneHours: DEFAULT_WORKING_HOURS,
    teams: [],
    hourlyRate: null,
    region: 'EMEA',
  };
}

/** Each person: a daily stand-up with the next person, a weekly 1:1 and two one-offs, over four weeks. */
export function eventsOf(i: number, count: number) {
  const me = emailOf(i);
  const peer = emailOf((i + 1) % count);
  const attendees = [
    { email: me, self: true, organizer: true, responseStatus: 'accepted' },
    { email: peer, responseStatus: 'accepted' },
  ];
  return [
    ...weekdays('2025-01-06T09:30:00+01:00', 4).map((start) => instance(`standup${i}`, start, { summary: 'Stand-up', durationMin: 15, attendees })),
    ...weekly('2025-01-07T14:00:00+01:00', 4).map((start) => instance(`oneonone${i}`, start, { summary: '1:1', attendees })),
    oneOff(`review${i}`, '2025-01-15T11:00:00+01:00', { summary: 'Design review', durationMin: 60, attendees }),
    oneOff(`retro${i}`, '2025-01-29T16:00:00+01:00', { summary: 'Retro', durationMin: 45, attendees }),
  ];
}

export async function startGoogleOrg(count: number): Promise<FakeGoogle> {
  const fake = await new FakeGoogle().start();
  // Person 0's calendar says New York, while the roster says Berlin: the calendar's zone wins.
  for (let i = 0; i < count; i++) fake.addUser({ email: emailOf(i), timeZone: i === 0 ? 'America/New_York' : 'Europe/Berlin', events: eventsOf(i, count) });
  fake.addUser({ email: MISSING, timeZone: 'UTC', calendarMissing: true });
  return fake;
}

let key: string | null = null;
/** A service account key (generated once per test file; the fake trusts any signature). */
export function serviceAccountKey(): { client_email: string; private_key: string } {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { client_email: 'auditor@meeting-diet.iam.gserviceaccount.com', private_key: key };
}
