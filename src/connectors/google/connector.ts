import type { calendar_v3 } from 'googleapis';
import type { CalendarConnector } from '../types.js';
import { checkCredentials, createAuthClient } from './auth.js';
import { createCalendarClient } from './client.js';
import type { GoogleConnectorOptions } from './options.js';
import { createRequester, type Requester } from './request.js';
import { DEFAULT_RETRY, sleepMs } from './retry.js';
import { readGoogleSettings } from './settings.js';
import { syncGoogleCalendar } from './sync.js';

/**
 * The Google Calendar connector. One client per person, kept between calls so that readSettings and
 * sync share an access token (a service account needs one token grant per impersonated person).
 */
export function createGoogleConnector(options: GoogleConnectorOptions): CalendarConnector {
  const calendarId = options.calendarId ?? 'primary';
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const clients = new Map<string, calendar_v3.Calendar>();
  checkCredentials(options.credentials);

  const build = (email: string): calendar_v3.Calendar => {
    const calendar = createCalendarClient(createAuthClient(options.credentials, email, options.tokenUrl, timeoutMs), options.rootUrl, timeoutMs);
    clients.set(email, calendar);
    return calendar;
  };
  const requesterFor = (email: string): Requester =>
    createRequester(
      email,
      { current: () => clients.get(email) ?? build(email), renew: () => build(email) },
      { retry, sleep: options.sleep ?? sleepMs, random: options.random ?? Math.random },
    );

  return {
    source: 'google',
    readSettings: (email) => readGoogleSettings(requesterFor(normalize(email)), calendarId),
    sync: (email, syncOptions) => {
      const person = normalize(email);
      return syncGoogleCalendar(requesterFor(person), person, calendarId, syncOptions);
    },
  };
}

const normalize = (email: string): string => email.trim().toLowerCase();
