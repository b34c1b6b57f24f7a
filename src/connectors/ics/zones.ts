import ICAL from 'ical.js';
import { wallToUtcMs } from '../../model/time.js';
import { ianaNameFor as lookUpIanaName } from '../time-zone-names.js';
import { detachString, type IcsComponent } from './parse.js';

const ianaNames = new Map<string, string | null>();

/**
 * ianaNameFor of time-zone-names.ts for names read from a file. Its caches (and isValidTimeZone's)
 * keep the strings they are given, and a TZID read from a file is a slice of a 64 KB piece of it
 * (see detachString): they get a copy, once per name.
 */
export function ianaNameFor(tzid: string): string | null {
  let name = ianaNames.get(tzid);
  if (name === undefined) {
    const id = detachString(tzid);
    name = lookUpIanaName(id);
    if (ianaNames.size > 10_000) ianaNames.clear();
    ianaNames.set(id, name);
  }
  return name;
}

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
