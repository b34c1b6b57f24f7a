import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { ConnectorError } from '../../model/errors.js';
import type { Occurrence } from '../../model/occurrence.js';
import { wallToUtcMs } from '../../model/time.js';
import type { AuditWarning } from '../../model/warning.js';
import type { OccurrenceRemoval, SyncOptions, SyncOutcome } from '../types.js';
import { isSyncStateGone } from './errors.js';
import type { GraphEvent, GraphPage } from './graph-types.js';
import { mapGraphEvent } from './map-event.js';
import { recurrenceFromSpacing } from './recurrence.js';

/** What an Outlook calendar's sync stores: the whole deltaLink (window and paging are frozen into it). */
export interface OutlookSyncState {
  deltaLink: string;
  fromMs: number;
  toMs: number;
}

export interface DeltaContext {
  client: Client;
  /** The mailbox, lower-case. */
  email: string;
  options: SyncOptions;
  pageSize: number;
  maxPages: number;
  /** Series masters read at once. */
  masterConcurrency: number;
}

type SyncResult = Omit<SyncOutcome, 'requests'>;

/** The fields a series master lends its instances, and the recurrence pattern. */
const MASTER_SELECT = [
  'subject', 'body', 'bodyPreview', 'sensitivity', 'showAs', 'isCancelled', 'isAllDay', 'isOrganizer', 'responseStatus',
  'attendees', 'organizer', 'hasAttachments', 'createdDateTime', 'lastModifiedDateTime', 'originalStartTimeZone',
  'recurrence', 'iCalUId', 'type',
].join(',');

// One Prefer header, sent on every page: a nextLink does not carry it.
const preferHeader = (pageSize: number): string =>
  `outlook.timezone="UTC", outlook.body-content-type="text", odata.maxpagesize=${pageSize}`;

const userPath = (email: string): string => `/users/${encodeURIComponent(email)}`;

/** The stored state when it is ours and was made for this window; otherwise a full sync is due. */
export function usableState(state: unknown, options: Pick<SyncOptions, 'fromMs' | 'toMs'>): OutlookSyncState | null {
  if (!state || typeof state !== 'object') return null;
  const s = state as Partial<OutlookSyncState>;
  if (typeof s.deltaLink !== 'string' || !s.deltaLink.startsWith('https://')) return null;
  return s.fromMs === options.fromMs && s.toMs === options.toMs ? (s as OutlookSyncState) : null;
}

/** Follows nextLinks from `url` to the deltaLink. Items are keyed by id: a later page wins. */
async function readRound(ctx: DeltaContext, url: string): Promise<{ items: GraphEvent[]; deltaLink: string }> {
  const items = new Map<string, GraphEvent>();
  const followed = new Set<string>([url]);
  const prefer = preferHeader(ctx.pageSize);
  for (let page = 1; ; page++) {
    const body = (await ctx.client.api(url).header('Prefer', prefer).get()) as GraphPage<GraphEvent>;
    for (const item of body.value ?? []) if (item?.id) items.set(item.id, item);
    ctx.options.onProgress?.(items.size);
    const deltaLink = body['@odata.deltaLink'];
    if (deltaLink) return { items: [...items.values()], deltaLink };
    const next = body['@odata.nextLink'];
    if (!next) throw new ConnectorError('outlook', 'parse', `calendar of ${ctx.email}: a delta page had neither @odata.nextLink nor @odata.deltaLink`);
    // calendarView/delta has been seen to hand out the same nextLink forever (msgraph-sdk-dotnet#3070).
    if (followed.has(next) || page >= ctx.maxPages) {
      throw new ConnectorError('outlook', 'parse', `calendar of ${ctx.email}: paging did not end after ${page} pages`);
    }
    followed.add(next);
    url = next;
  }
}

/** A full round from the window; one restart when a skip token goes stale (410) mid-round. */
async function readFullRound(ctx: DeltaContext): Promise<{ items: GraphEvent[]; deltaLink: string }> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const first = `${userPath(ctx.email)}/calendarView/delta?startDateTime=${iso(ctx.options.fromMs)}&endDateTime=${iso(ctx.options.toMs)}`;
  try {
    return await readRound(ctx, first);
  } catch (error) {
    if (!isSyncStateGone(error)) throw error;
    return readRound(ctx, first);
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The series masters of the round's instances: one GET per series. calendarView never returns
 * masters, and its plain occurrences carry only id, type, start and end; the master gives them
 * subject, attendees, body, ... and the recurrence pattern.
 */
async function readMasters(ctx: DeltaContext, items: GraphEvent[], warnings: AuditWarning[]): Promise<Map<string, GraphEvent>> {
  const masters = new Map<string, GraphEvent>();
  for (const item of items) if (item.type === 'seriesMaster' && !item['@removed']) masters.set(item.id, item);
  const wanted = [...new Set(items.filter((i) => !i['@removed'] && i.seriesMasterId).map((i) => i.seriesMasterId!))].filter((id) => !masters.has(id));
  const prefer = preferHeader(ctx.pageSize);
  await mapLimit(wanted, ctx.masterConcurrency, async (id) => {
    try {
      const master = (await ctx.client.api(`${userPath(ctx.email)}/events/${encodeURIComponent(id)}`).header('Prefer', prefer).query({ $select: MASTER_SELECT }).get()) as GraphEvent;
      masters.set(id, { ...master, id });
    } catch (error) {
      if (!(error instanceof GraphError) || error.statusCode !== 404) throw error;
      warnings.push({ code: 'outlook-series-master-missing', location: `outlook:${ctx.email}/${id}`, message: `series master ${id} could not be read (HTTP 404); its instances keep only their times` });
    }
  });
  return masters;
}

/** Series whose master could not be read get a cadence from the spacing of their instances. */
function fillMissingRecurrence(occurrences: Occurrence[]): void {
  const bySeries = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    if (o.seriesId && !o.recurrence) bySeries.set(o.seriesId, [...(bySeries.get(o.seriesId) ?? []), o]);
  }
  for (const group of bySeries.values()) {
    const recurrence = recurrenceFromSpacing(group.map((o) => o.recurrenceIdMs ?? o.startMs));
    for (const o of group) o.recurrence = recurrence;
  }
}

function inWindow(o: Occurrence, options: SyncOptions): boolean {
  const start = o.allDay ? wallToUtcMs(o.startMs, options.timeZone) : o.startMs;
  return start >= options.fromMs && start < options.toMs;
}

/**
 * One calendar's sync. Full: every instance of the window, through every nextLink to the deltaLink.
 * Incremental: the stored deltaLink; `@removed` items are removals, other items replace what was
 * stored under their id (a removal of the id, then the upsert when it still starts in the window).
 * A 410 on the stored link starts a full round and reports full: true.
 */
export async function syncCalendar(ctx: DeltaContext): Promise<SyncResult> {
  const { options, email } = ctx;
  const warnings: AuditWarning[] = [];
  const state = usableState(options.state, options);
  let round: { items: GraphEvent[]; deltaLink: string } | null = null;
  if (state) {
    try {
      round = await readRound(ctx, state.deltaLink);
    } catch (error) {
      if (!isSyncStateGone(error)) throw error;
      warnings.push({ code: 'outlook-delta-reset', location: `outlook:${email}`, message: 'the stored delta link is no longer valid (HTTP 410); synced the window in full' });
    }
  }
  const full = round === null;
  round ??= await readFullRound(ctx);
  const masters = await readMasters(ctx, round.items, warnings);
  const upserts: Occurrence[] = [];
  const removals: OccurrenceRemoval[] = [];
  for (const item of round.items) {
    if (item.type === 'seriesMaster') continue;
    if (!full) removals.push({ uid: item.id, instanceStartMs: null });
    if (item['@removed']) continue;
    try {
      const master = item.seriesMasterId ? masters.get(item.seriesMasterId) : null;
      const o = mapGraphEvent(item, { ownerEmail: email, timeZone: options.timeZone, definitions: options.definitions, master });
      if (inWindow(o, options)) upserts.push(o);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      warnings.push({ code: 'outlook-unreadable-event', location: `outlook:${email}/${item.id}`, message: error.message });
    }
  }
  fillMissingRecurrence(upserts);
  const next: OutlookSyncState = { deltaLink: round.deltaLink, fromMs: options.fromMs, toMs: options.toMs };
  return { full, upserts, removals, warnings, state: next };
}
