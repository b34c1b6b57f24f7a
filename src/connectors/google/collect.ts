import type { Definitions } from '../../model/definitions.js';
import type { Occurrence, Recurrence } from '../../model/occurrence.js';
import { utcToWallMs } from '../../model/time.js';
import type { AuditWarning } from '../../model/warning.js';
import type { OccurrenceRemoval } from '../types.js';
import { readEventTime } from './event-time.js';
import { identityOf, mapEvent, type GoogleEvent } from './map-event.js';
import { deriveRecurrence, UNKNOWN_RECURRENCE } from './recurrence.js';

/** Each series' recurrence by recurringEventId, kept in the sync state for incremental syncs. */
export type SeriesRecurrences = Record<string, Recurrence>;

export interface CollectContext {
  ownerEmail: string;
  calendarId: string;
  /** The calendar's zone (events.list `timeZone`), else the person's. */
  zone: string;
  fromMs: number;
  toMs: number;
  definitions: Definitions;
}

export interface Collected {
  upserts: Occurrence[];
  removals: OccurrenceRemoval[];
  warnings: AuditWarning[];
  series: SeriesRecurrences;
}

/**
 * A full sync's items (every page): the occurrences starting in the window, cancelled items left out,
 * each series' recurrence derived from all its instances in the answer (cancelled ones included).
 */
export function collectFull(items: GoogleEvent[], ctx: CollectContext): Collected {
  const series = deriveSeries(items, ctx);
  const warnings: AuditWarning[] = [];
  const upserts = new Map<string, Occurrence>();
  for (const ev of items) {
    if (ev.status === 'cancelled') continue;
    const o = tryMap(ev, ctx, series, warnings);
    if (o && inWindow(o, ctx)) upserts.set(keyOf(o.uid, o.seriesId ? o.recurrenceIdMs : null), o);
  }
  return { upserts: sortOccurrences(upserts), removals: [], warnings, series: knownOnly(series) };
}

/**
 * An incremental sync's items (not windowed by Google). Cancelled items become removals. A one-off
 * event that changed also removes its uid first: its row is keyed by its start, which may have moved
 * (the caller applies removals before upserts). An item that now starts outside the window removes
 * its row and is not upserted. Known series keep the recurrence from the state; new series get it
 * derived from the instances in this answer.
 */
export function collectIncremental(items: GoogleEvent[], ctx: CollectContext, known: SeriesRecurrences): Collected {
  const fresh = items.filter((ev) => ev.recurringEventId && !Object.hasOwn(known, ev.recurringEventId));
  const series = new Map<string, Recurrence>([...Object.entries(known), ...deriveSeries(fresh, ctx)]);
  const warnings: AuditWarning[] = [];
  const upserts = new Map<string, Occurrence>();
  const removals = new Map<string, OccurrenceRemoval>();
  for (const ev of items) {
    const id = identityOf(ev, ctx.zone);
    if (!id || (id.seriesId && id.instanceStartMs === null)) {
      warnings.push(badEvent(ctx, ev, 'no id or original start; change skipped'));
      continue;
    }
    const key = keyOf(id.uid, id.instanceStartMs);
    const removal: OccurrenceRemoval = { uid: id.uid, instanceStartMs: id.instanceStartMs };
    if (ev.status === 'cancelled') {
      upserts.delete(key);
      removals.set(key, removal);
      continue;
    }
    const o = tryMap(ev, ctx, series, warnings);
    if (!o) continue;
    const inside = inWindow(o, ctx);
    if (id.instanceStartMs === null || !inside) removals.set(key, removal);
    else removals.delete(key);
    if (inside) upserts.set(key, o);
    else upserts.delete(key);
  }
  const sortedRemovals = [...removals.values()].sort(
    (a, b) => compareText(a.uid, b.uid) || (a.instanceStartMs ?? -Infinity) - (b.instanceStartMs ?? -Infinity),
  );
  return { upserts: sortOccurrences(upserts), removals: sortedRemovals, warnings, series: knownOnly(series) };
}

function deriveSeries(items: GoogleEvent[], ctx: CollectContext): Map<string, Recurrence> {
  const walls = new Map<string, number[]>();
  for (const ev of items) {
    if (!ev.recurringEventId) continue;
    const t = readEventTime(ev.originalStartTime ?? ev.start, ctx.zone);
    if (!t) continue;
    let list = walls.get(ev.recurringEventId);
    if (!list) walls.set(ev.recurringEventId, (list = []));
    list.push(t.allDay ? t.ms : utcToWallMs(t.ms, t.timeZone ?? ctx.zone));
  }
  const out = new Map<string, Recurrence>();
  for (const [id, list] of walls) out.set(id, deriveRecurrence(list, ctx.toMs));
  return out;
}

function tryMap(ev: GoogleEvent, ctx: CollectContext, series: Map<string, Recurrence>, warnings: AuditWarning[]): Occurrence | null {
  try {
    const recurrence = ev.recurringEventId ? series.get(ev.recurringEventId) ?? UNKNOWN_RECURRENCE : null;
    return mapEvent(ev, { ownerEmail: ctx.ownerEmail, calendarId: ctx.calendarId, zone: ctx.zone, recurrence, definitions: ctx.definitions });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    warnings.push(badEvent(ctx, ev, `skipped: ${e.message}`));
    return null;
  }
}

const badEvent = (ctx: CollectContext, ev: GoogleEvent, message: string): AuditWarning => ({
  code: 'bad-event',
  location: `google:${ctx.ownerEmail}/${ev.id ?? '?'}`,
  message: `Google event ${message}`,
});

const inWindow = (o: Occurrence, ctx: CollectContext): boolean => o.startMs >= ctx.fromMs && o.startMs < ctx.toMs;

const keyOf = (uid: string, instanceStartMs: number | null): string => `${uid}\u0000${instanceStartMs ?? 'all'}`;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortOccurrences(map: Map<string, Occurrence>): Occurrence[] {
  return [...map.values()].sort((a, b) => a.startMs - b.startMs || compareText(a.uid, b.uid));
}

/** Series worth remembering: an unknown cadence would otherwise stick until the next full sync. */
function knownOnly(series: Map<string, Recurrence>): SeriesRecurrences {
  const out: SeriesRecurrences = {};
  for (const [id, r] of [...series].sort(([a], [b]) => compareText(a, b))) if (r !== UNKNOWN_RECURRENCE) out[id] = r;
  return out;
}
