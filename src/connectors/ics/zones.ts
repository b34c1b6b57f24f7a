import ICAL from 'ical.js';
import { findIana } from 'windows-iana';
import { isValidTimeZone, wallToUtcMs } from '../../model/time.js';
import type { IcsComponent } from './parse.js';

/** A zone an event time can be read in: converts wall times (encoded as if UTC) to instants. */
export interface Zone {
  /** IANA name when known, else the TZID of the file's VTIMEZONE. */
  name: string;
  iana: string | null;
  toUtcMs(wallMs: number): number;
}

const ianaZones = new Map<string, Zone>();

export function ianaZone(name: string): Zone {
  let z = ianaZones.get(name);
  if (!z) {
    z = { name, iana: name, toUtcMs: (wallMs) => wallToUtcMs(wallMs, name) };
    ianaZones.set(name, z);
  }
  return z;
}

/**
 * Maps a TZID as exporters write it to an IANA name, or null. Handles IANA names, Windows names
 * (Outlook: "W. Europe Standard Time"), quoted or path-prefixed ids ("/mozilla.org/20050126_1/Europe/Berlin",
 * "/citadel.org/.../Europe/Berlin"), underscores for slashes ("Europe_Berlin") and a few legacy aliases.
 */
export function ianaNameFor(tzid: string): string | null {
  const id = tzid.trim().replace(/^"|"$/g, '');
  if (!id) return null;
  const direct = checkedIana(id);
  if (direct) return direct;
  const windows = findIana(id)[0];
  if (windows && isValidTimeZone(windows)) return windows;
  // Path-prefixed ids: try the last two or three segments ("America/Argentina/Buenos_Aires").
  const parts = id.split('/').filter(Boolean);
  for (const n of [3, 2]) {
    if (parts.length < n) continue;
    const tail = checkedIana(parts.slice(-n).join('/'));
    if (tail) return tail;
  }
  const display = ianaFromDisplayName(id);
  if (display) return display;
  // "Europe_Berlin" style.
  const underscored = /^([A-Za-z]+)_(.+)$/.exec(id);
  if (underscored) {
    const tail = checkedIana(`${underscored[1]}/${underscored[2]}`);
    if (tail) return tail;
  }
  return null;
}

/** Outlook display names without a Windows id: "(UTC-05:00) Eastern Time (US & Canada)". */
const DISPLAY_REGIONS: [RegExp, string][] = [
  [/eastern time \(us (&|and) canada\)/i, 'America/New_York'],
  [/central time \(us (&|and) canada\)/i, 'America/Chicago'],
  [/mountain time \(us (&|and) canada\)/i, 'America/Denver'],
  [/pacific time \(us (&|and) canada\)/i, 'America/Los_Angeles'],
  [/atlantic time \(canada\)/i, 'America/Halifax'],
  [/^\(?(utc|gmt)\)?\s*(coordinated universal time)?$/i, 'UTC'],
];

let cityIndex: Map<string, string> | null = null;

/** "(GMT+10:00) Canberra, Melbourne, Sydney" -> the first listed city that is an IANA zone's city. */
function ianaFromDisplayName(id: string): string | null {
  for (const [re, zone] of DISPLAY_REGIONS) if (re.test(id)) return zone;
  const cities = id.replace(/^\((UTC|GMT)\s*([+-]\d{1,2}(:?\d{2})?)?\)\s*/i, '');
  if (cities === id && !id.includes(',')) return null;
  if (!cityIndex) {
    cityIndex = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const city = zone.split('/').pop()!.toLowerCase();
      if (!cityIndex.has(city)) cityIndex.set(city, zone);
    }
  }
  for (const part of cities.split(/[,;/]/)) {
    const city = part.trim().replace(/\s+/g, '_').toLowerCase();
    const zone = city && cityIndex.get(city);
    if (zone) return zone;
  }
  return null;
}

function checkedIana(id: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id) || !id.includes('/')) {
    if (id !== 'UTC' && id !== 'GMT' && id !== 'Etc/UTC') return null;
  }
  return isValidTimeZone(id) ? canonical(id) : null;
}

const canonicalNames = new Map<string, string>();
function canonical(id: string): string {
  let c = canonicalNames.get(id);
  if (!c) {
    c = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
    // Keep the name as written when ICU canonicalises to an older alias (Europe/Kyiv -> Europe/Kiev).
    if (c !== id && isValidTimeZone(id)) c = id;
    canonicalNames.set(id, c);
  }
  return c;
}

/** A zone defined by a VTIMEZONE in the file, evaluated by ical.js. */
function vtimezoneZone(tzid: string, comp: IcsComponent): Zone {
  const text = ['BEGIN:VCALENDAR', ...serialize(comp), 'END:VCALENDAR'].join('\r\n');
  const parsed = new ICAL.Component(ICAL.parse(text));
  const vtz = parsed.getFirstSubcomponent('vtimezone');
  if (!vtz) throw new RangeError(`VTIMEZONE ${tzid} has no content`);
  const tz = new ICAL.Timezone(vtz);
  if (!tz.tzid) throw new RangeError(`VTIMEZONE ${tzid} has no TZID`);
  const cache = new Map<number, number>();
  // Check once that it can answer at all (broken STANDARD/DAYLIGHT blocks throw here, not later).
  const probe = ICAL.Time.fromData({ year: 2024, month: 1, day: 1, hour: 12, minute: 0, second: 0, isDate: false }, tz);
  if (!Number.isFinite(probe.toUnixTime())) throw new RangeError(`VTIMEZONE ${tzid} gives no offset`);
  return {
    name: tzid,
    iana: null,
    toUtcMs(wallMs: number): number {
      const bucket = Math.floor(wallMs / 900_000);
      let offset = cache.get(bucket);
      if (offset === undefined) {
        const at = bucket * 900_000;
        const d = new Date(at);
        const t = ICAL.Time.fromData(
          {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: 0,
            isDate: false,
          },
          tz,
        );
        offset = at - t.toUnixTime() * 1000;
        cache.set(bucket, offset);
      }
      return wallMs - offset;
    },
  };
}

function serialize(comp: IcsComponent): string[] {
  const lines = [`BEGIN:${comp.name}`];
  for (const p of comp.properties) {
    const params = Object.entries(p.params)
      .map(([k, v]) => `;${k}=${/[:;,]/.test(v) ? `"${v}"` : v}`)
      .join('');
    lines.push(`${p.name}${params}:${p.value}`);
  }
  for (const c of comp.children) lines.push(...serialize(c));
  lines.push(`END:${comp.name}`);
  return lines;
}

export interface ZoneResolution {
  zone: Zone | null;
  /** Why it could not be resolved, or a note on how it was (for warnings). */
  problem: string | null;
}

/**
 * Resolves the TZIDs of one VCALENDAR. Order: a TZID that names a real IANA or Windows zone uses
 * the tz database (the exporter's VTIMEZONE often carries only today's rule, so past and future
 * years would be wrong); any other TZID uses the file's VTIMEZONE; an id with neither is unresolved
 * and the caller decides (floating, with a warning) instead of silently using the machine's zone.
 */
export function createZoneResolver(vtimezones: IcsComponent[]): (tzid: string) => ZoneResolution {
  const byId = new Map<string, IcsComponent>();
  for (const c of vtimezones) {
    const id = c.properties.find((p) => p.name === 'TZID')?.value.trim();
    if (id) byId.set(id, c);
  }
  const resolved = new Map<string, ZoneResolution>();
  return (tzid: string) => {
    let r = resolved.get(tzid);
    if (r) return r;
    const iana = ianaNameFor(tzid);
    if (iana) r = { zone: ianaZone(iana), problem: null };
    else {
      const comp = byId.get(tzid) ?? byId.get(tzid.replace(/^"|"$/g, ''));
      if (comp) {
        try {
          r = { zone: vtimezoneZone(tzid, comp), problem: null };
        } catch (e) {
          r = { zone: null, problem: `VTIMEZONE "${tzid}" (line ${comp.line}) cannot be used: ${(e as Error).message}` };
        }
      } else {
        r = { zone: null, problem: `unknown time zone "${tzid}" (no VTIMEZONE in the file, not an IANA or Windows name)` };
      }
    }
    resolved.set(tzid, r);
    return r;
  };
}
