import type { calendar_v3 } from 'googleapis';
import { ConnectorError } from '../../model/errors.js';
import { DAY_MS } from '../../model/time.js';
import type { AuditWarning } from '../../model/warning.js';
import type { SyncOptions, SyncOutcome } from '../types.js';
import { collectFull, collectIncremental, type CollectContext, type Collected, type SeriesRecurrences } from './collect.js';
import { SyncTokenGoneError } from './errors.js';
import { ianaNameFor } from '../time-zone-names.js';
import type { GoogleEvent } from './map-event.js';
import type { Requester } from './request.js';

/** What `SyncOutcome.state` holds for Google: the sync token, and the series' recurrences seen so far. */
export interface GoogleSyncState {
  syncToken: string;
  series: SeriesRecurrences;
}

export function readSyncState(state: unknown): GoogleSyncState | null {
  if (!state || typeof state !== 'object') return null;
  const s = state as { syncToken?: unknown; series?: unknown };
  if (typeof s.syncToken !== 'string' || s.syncToken === '') return null;
  const series = s.series && typeof s.series === 'object' ? (s.series as SeriesRecurrences) : {};
  return { syncToken: s.syncToken, series };
}

/** A runaway paging loop (a server repeating its page token) stops here instead of running forever. */
const MAX_PAGES = 10_000;

interface Listing {
  items: GoogleEvent[];
  timeZone: string | null;
  nextSyncToken: string | null;
}

type ListParams = calendar_v3.Params$Resource$Events$List;

async function listAll(req: Requester, params: ListParams, onProgress?: (events: number) => void): Promise<Listing> {
  const out: Listing = { items: [], timeZone: null, nextSyncToken: null };
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const { data } = await req.call((calendar) => calendar.events.list({ ...params, pageToken }));
    if (!data || typeof data !== 'object' || (data.items !== undefined && !Array.isArray(data.items))) {
      throw new ConnectorError('google', 'parse', `Google sent an events page that is not an Events resource for ${params.calendarId}`);
    }
    // Pages may be short or empty and still have a next page: only a missing token ends the list.
    for (const item of data.items ?? []) out.items.push(item);
    out.timeZone ??= data.timeZone ?? null;
    out.nextSyncToken = data.nextSyncToken ?? out.nextSyncToken;
    pageToken = data.nextPageToken ?? undefined;
    onProgress?.(out.items.length);
    if (++pages >= MAX_PAGES && pageToken) {
      throw new ConnectorError('google', 'parse', `Google kept paging past ${MAX_PAGES} pages for ${params.calendarId}`);
    }
  } while (pageToken);
  return out;
}

/**
 * One calendar's sync: incremental with the stored sync token, else (or after a 410) a full sync of
 * the window. Parameters follow https://developers.google.com/calendar/api/guides/sync: an
 * incremental call repeats the full call's parameters except timeMin/timeMax.
 */
export async function syncGoogleCalendar(
  req: Requester,
  email: string,
  calendarId: string,
  options: SyncOptions,
): Promise<SyncOutcome> {
  const base: ListParams = { calendarId, singleEvents: true, showDeleted: true, maxResults: 2500 };
  const ctxFor = (listing: Listing): CollectContext => ({
    ownerEmail: email,
    calendarId: calendarId === 'primary' ? email : calendarId,
    zone: (listing.timeZone && ianaNameFor(listing.timeZone)) || options.timeZone,
    fromMs: options.fromMs,
    toMs: options.toMs,
    definitions: options.definitions,
  });
  const warnings: AuditWarning[] = [];
  const location = `google:${email}`;
  const prior = readSyncState(options.state);
  if (prior) {
    try {
      const listing = await listAll(req, { ...base, syncToken: prior.syncToken }, options.onProgress);
      const c = collectIncremental(listing.items, ctxFor(listing), prior.series);
      return outcome(false, c, warnings, listing, req, location);
    } catch (e) {
      if (!(e instanceof SyncTokenGoneError)) throw e;
      warnings.push({ code: 'sync-state-expired', location, message: 'Google no longer accepts the sync token (410 Gone): the window was read in full again' });
    }
  }
  // timeMin bounds an event's end and timeMax its start, in instants; all-day events are dates in the
  // calendar's zone. A day of margin each side catches every event our own window filter keeps.
  const full = { ...base, timeMin: new Date(options.fromMs - DAY_MS).toISOString(), timeMax: new Date(options.toMs + DAY_MS).toISOString() };
  let listing: Listing;
  try {
    listing = await listAll(req, full, options.onProgress);
  } catch (e) {
    if (e instanceof SyncTokenGoneError) throw new ConnectorError('google', 'parse', `Google answered 410 Gone to a full sync of ${email}`);
    throw e;
  }
  return outcome(true, collectFull(listing.items, ctxFor(listing)), warnings, listing, req, location);
}

function outcome(
  full: boolean,
  c: Collected,
  warnings: AuditWarning[],
  listing: Listing,
  req: Requester,
  location: string,
): SyncOutcome {
  const all = [...warnings, ...c.warnings];
  if (!listing.nextSyncToken) {
    all.push({ code: 'sync-state-missing', location, message: 'Google sent no sync token: the next sync reads the window in full' });
  }
  const state: GoogleSyncState | null = listing.nextSyncToken ? { syncToken: listing.nextSyncToken, series: c.series } : null;
  return { full, upserts: c.upserts, removals: c.removals, warnings: all, state, requests: req.requests };
}
