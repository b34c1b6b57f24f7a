import { findIana } from 'windows-iana';
import { isValidTimeZone } from '../model/time.js';

/**
 * Maps a zone name as exporters and people write it (a TZID, X-WR-TIMEZONE, a roster entry) to an IANA name, or null. Handles IANA names, Windows names
 * (Outlook: "W. Europe Standard Time"), quoted or path-prefixed ids ("/mozilla.org/20050126_1/Europe/Berlin",
 * "/citadel.org/.../Europe/Berlin"), underscores for slashes ("Europe_Berlin") and a few legacy aliases.
 */
export function ianaNameFor(tzid: string): string | null {
  // Resolving builds Intl formatters (tens of microseconds); calendars repeat a handful of names.
  let known = resolved.get(tzid);
  if (known === undefined) {
    known = resolveIanaName(tzid);
    if (resolved.size >= 1000) resolved.clear();
    resolved.set(tzid, known);
  }
  return known;
}

const resolved = new Map<string, string | null>();

function resolveIanaName(tzid: string): string | null {
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
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id)) return null;
  return isValidTimeZone(id) ? withIanaCase(id) : null;
}

/**
 * The name as written, in the tz database's letter case ("europe/berlin" -> "Europe/Berlin") so that
 * region lookups work. Not ICU's canonical id: that would turn "Asia/Kolkata" into "Asia/Calcutta".
 */
function withIanaCase(id: string): string {
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === id.toLowerCase() ? resolved : id;
}
