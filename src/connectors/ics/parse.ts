/**
 * A tolerant iCalendar (RFC 5545) reader that keeps line numbers, so that one broken VEVENT can be
 * reported as "file:line: what is wrong" and skipped while the rest of the file is still read.
 * ICAL.parse throws on the first bad line of a file and knows no line numbers, which is why the
 * structure is read here and ical.js is used for what it does well (RRULE iteration, VTIMEZONE).
 */

export interface IcsProperty {
  name: string; // upper-case
  params: Record<string, string>; // upper-case keys, values unquoted
  value: string; // raw value, still escaped
  line: number; // 1-based physical line where the property starts
}

export interface IcsComponent {
  name: string; // upper-case: VCALENDAR, VEVENT, VTIMEZONE, ...
  properties: IcsProperty[];
  children: IcsComponent[];
  line: number; // line of BEGIN
  /** Problems found while reading this component's own lines. */
  problems: { line: number; message: string }[];
  /** A VCALENDAR we assumed around components that came without one. */
  implicit?: boolean;
}

export interface ParsedIcs {
  calendars: IcsComponent[];
  /** Problems outside any component we could attach them to. */
  problems: { line: number; message: string }[];
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Splits the bytes into logical (unfolded) lines. Unfolding happens on bytes, before UTF-8
 * decoding, because exporters fold at 75 octets and may split a multi-byte character.
 */
export function* unfoldLines(bytes: Uint8Array): Generator<{ text: string; line: number }> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = buf.length;
  let pos = 0;
  let physical = 0;
  if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3; // UTF-8 BOM
  let pendingStart = -1;
  let pendingEnd = -1;
  let pendingLine = 0;
  let extra: Buffer[] | null = null;
  const flush = (): { text: string; line: number } | null => {
    if (pendingStart < 0) return null;
    const text = extra
      ? Buffer.concat([buf.subarray(pendingStart, pendingEnd), ...extra]).toString('utf8')
      : buf.toString('utf8', pendingStart, pendingEnd);
    extra = null;
    pendingStart = -1;
    return { text, line: pendingLine };
  };
  while (pos < len) {
    let nl = buf.indexOf(NEWLINE, pos);
    if (nl < 0) nl = len;
    let end = nl;
    if (end > pos && buf[end - 1] === CR) end--;
    physical++;
    const first = buf[pos];
    if ((first === SPACE || first === TAB) && pendingStart >= 0) {
      (extra ??= []).push(buf.subarray(pos + 1, end));
    } else if (end > pos) {
      const done = flush();
      if (done) yield done;
      pendingStart = pos;
      pendingEnd = end;
      pendingLine = physical;
    }
    pos = nl + 1;
  }
  const done = flush();
  if (done) yield done;
}

/**
 * Parses "NAME;P1=a;P2="b:c":value". Returns null when the line has no name/value separator.
 * Outlook sometimes closes a quoted TZID after the value (TZID="W. Europe Standard Time:2020...");
 * such a line is read again without its quotes.
 */
export function parseContentLine(text: string, line: number): IcsProperty | null {
  return parseContentRange(text, 0, text.length, line);
}

/** Shared by every property without parameters (nothing writes to a property's params). */
const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Names that fill calendar files, by first letter and length. A line whose name is one of them
 * (as written, upper case) gets that string without slicing and upper-casing a new one.
 */
const COMMON_NAMES = [
  'BEGIN', 'END', 'ATTENDEE', 'DTSTART', 'DTEND', 'DTSTAMP', 'UID', 'SUMMARY', 'DESCRIPTION', 'ORGANIZER', 'CREATED',
  'LAST-MODIFIED', 'SEQUENCE', 'STATUS', 'TRANSP', 'CLASS', 'LOCATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID',
  'DURATION', 'ATTACH', 'TZID', 'TZOFFSETFROM', 'TZOFFSETTO', 'TZNAME', 'ACTION', 'TRIGGER', 'PRIORITY', 'CATEGORIES', 'URL',
  'X-ALT-DESC', 'X-MICROSOFT-CDO-BUSYSTATUS', 'X-MICROSOFT-CDO-INTENDEDSTATUS', 'X-MICROSOFT-CDO-APPT-SEQUENCE',
  'X-MICROSOFT-CDO-OWNERAPPTID', 'X-MICROSOFT-CDO-IMPORTANCE', 'X-MICROSOFT-CDO-INSTTYPE', 'X-MICROSOFT-CDO-ALLDAYEVENT',
  'X-MICROSOFT-DISALLOW-COUNTER', 'X-MICROSOFT-DONOTFORWARDMEETING', 'X-MICROSOFT-LOCATIONS',
  'X-MICROSOFT-REQUESTEDATTENDANCEMODE', 'X-MICROSOFT-ISRESPONSEREQUESTED', 'X-GOOGLE-CONFERENCE', 'X-LIC-LOCATION',
  'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR', 'X-WR-CALNAME', 'X-WR-TIMEZONE', 'PRODID', 'VERSION', 'CALSCALE', 'METHOD',
  // parameters
  'CN', 'PARTSTAT', 'ROLE', 'RSVP', 'CUTYPE', 'VALUE', 'FMTTYPE', 'RANGE', 'X-NUM-GUESTS', 'EMAIL', 'FILENAME', 'LANGUAGE',
  'ALTREP', 'ENCODING', 'FBTYPE', 'RELATED', 'RELTYPE', 'SENT-BY', 'DELEGATED-TO', 'DELEGATED-FROM', 'MEMBER', 'DIR',
  'X-RESPONSE-COMMENT', 'SCHEDULE-STATUS', 'SCHEDULE-AGENT',
  // components (BEGIN and END values)
  'VCALENDAR', 'VEVENT', 'VTIMEZONE', 'STANDARD', 'DAYLIGHT', 'VALARM', 'VTODO', 'VJOURNAL', 'VFREEBUSY',
];
const commonNames = new Map<number, string[]>();
for (const n of COMMON_NAMES) {
  const key = n.charCodeAt(0) * 256 + n.length;
  let list = commonNames.get(key);
  if (!list) commonNames.set(key, (list = []));
  list.push(n);
}

const upperNames = new Map<string, string>();

/** The upper-case name written at text[from, to): a common one without allocating, else remembered. */
function nameAt(text: string, from: number, to: number): string {
  const candidates = to - from < 256 ? commonNames.get(text.charCodeAt(from) * 256 + (to - from)) : undefined;
  if (candidates) for (const c of candidates) if (text.startsWith(c, from)) return c;
  return upperName(text.slice(from, to));
}

/** Upper case of a name that is not a common one, remembered: toUpperCase allocates every time. */
function upperName(name: string): string {
  let u = upperNames.get(name);
  if (u === undefined) {
    u = detachString(name.toUpperCase());
    if (upperNames.size < 4096) upperNames.set(detachString(name), u);
  }
  return u;
}

/**
 * A copy of a string that does not keep a larger one alive. Parsed values are slices of the 64 KB
 * pieces a file is read into (see forEachUnfoldedRange); whatever outlives the file (caches,
 * results) is copied with this first, or each value would keep its piece. V8 copies slices shorter
 * than 13 characters anyway.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** `known` is the line's nameEndOf and its name, when the caller has them already. */
function parseStrictContentLine(text: string, from: number, to: number, line: number, known?: { end: number; name: string }): IcsProperty | null {
  let i = known ? known.end : nameEndOf(text, from, to);
  if (i < 0) return null;
  const name = known ? known.name : nameAt(text, from, i);
  if (text.charCodeAt(i) === 0x3a) return { name, params: NO_PARAMS, value: text.slice(i + 1, to), line };
  const params: Record<string, string> = {};
  // Parameters: ;KEY=value[,value] where values may be quoted and contain ; : ,
  while (i < to && text.charCodeAt(i) === 0x3b) {
    i++;
    const eq = text.indexOf('=', i);
    if (eq < 0 || eq >= to) return null;
    const key = nameAt(text, i, eq);
    i = eq + 1;
    let value = '';
    for (;;) {
      if (i < to && text.charCodeAt(i) === 0x22 /* " */) {
        const close = text.indexOf('"', i + 1);
        if (close < 0 || close >= to) return null;
        value += text.slice(i + 1, close);
        i = close + 1;
      } else {
        let j = i;
        while (j < to) {
          const c = text.charCodeAt(j);
          if (c === 0x3a || c === 0x3b || c === 0x2c) break;
          j++;
        }
        value = value === '' ? text.slice(i, j) : value + text.slice(i, j);
        i = j;
      }
      if (i < to && text.charCodeAt(i) === 0x2c /* , */) {
        value += ',';
        i++;
        continue;
      }
      break;
    }
    params[key] = value;
  }
  if (i >= to || text.charCodeAt(i) !== 0x3a) return null;
  return { name, params, value: text.slice(i + 1, to), line };
}

/**
 * Whether parseStrictContentLine would read text[from, to) as a property, given that its name ends
 * at `nameEnd` (the first ':' or ';'): the same grammar, without making the parameters and value.
 */
function isStrictContentLine(text: string, nameEnd: number, to: number): boolean {
  let i = nameEnd;
  while (i < to && text.charCodeAt(i) === 0x3b /* ; */) {
    const eq = text.indexOf('=', i + 1);
    if (eq < 0 || eq >= to) return false;
    i = eq + 1;
    for (;;) {
      if (i < to && text.charCodeAt(i) === 0x22 /* " */) {
        const close = text.indexOf('"', i + 1);
        if (close < 0 || close >= to) return false;
        i = close + 1;
      } else {
        while (i < to) {
          const c = text.charCodeAt(i);
          if (c === 0x3a || c === 0x3b || c === 0x2c) break;
          i++;
        }
      }
      if (i < to && text.charCodeAt(i) === 0x2c /* , */) {
        i++;
        continue;
      }
      break;
    }
  }
  return i < to && text.charCodeAt(i) === 0x3a;
}

/** The end of the name of the property at text[from, to): its first ':' or ';', or -1 when it has none or no name. */
function nameEndOf(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 0x3a /* : */ || c === 0x3b /* ; */) return i === from ? -1 : i;
    i++;
  }
  return -1;
}

/** parseContentLine over text[from, to). */
function parseContentRange(text: string, from: number, to: number, line: number, known?: { end: number; name: string }): IcsProperty | null {
  const prop = parseStrictContentLine(text, from, to, line, known);
  if (prop) return prop;
  const quote = text.indexOf('"', from);
  if (quote < 0 || quote >= to) return null;
  const unquoted = text.slice(from, to).replace(/"/g, '');
  return parseStrictContentLine(unquoted, 0, unquoted.length, line);
}

export interface ParseOptions {
  /**
   * Which properties of a VEVENT to keep (by upper-case name); the others are still checked, then
   * dropped, and so are a VEVENT's VALARMs' properties. Default: keep everything.
   */
  keepEventProperty?: (name: string) => boolean;
}

/** Reads the component tree. Never throws on content: problems are recorded where they occur. */
export function parseIcs(bytes: Uint8Array, options: ParseOptions = {}): ParsedIcs {
  const calendars: IcsComponent[] = [];
  const problems: ParsedIcs['problems'] = [];
  const stack: IcsComponent[] = [];
  const keep = options.keepEventProperty;
  /** Properties of the current component are dropped (see ParseOptions). */
  const dropping = (top: IcsComponent | undefined, name: string): boolean =>
    keep !== undefined &&
    top !== undefined &&
    (top.name === 'VEVENT' ? !keep(name) : top.name === 'VALARM' && stack.length > 1 && stack[stack.length - 2].name === 'VEVENT');
  const onLine = (src: string, from: number, to: number, line: number, more: number[] | null): void => {
    const top = stack[stack.length - 1];
    let known: { end: number; name: string } | undefined;
    if (keep !== undefined && top !== undefined) {
      // A property that is dropped anyway is only checked, not made. When folded, its first piece
      // decides (X-ALT-DESC holds a whole HTML page, not worth joining to throw away).
      const nameEnd = nameEndOf(src, from, to);
      if (nameEnd > 0) {
        const name = nameAt(src, from, nameEnd);
        if (name !== 'BEGIN' && name !== 'END' && dropping(top, name) && isStrictContentLine(src, nameEnd, to)) return;
        known = { end: nameEnd - from, name };
      }
    }
    let text = src;
    if (more) {
      text = joinPieces(src, from, to, more);
      from = 0;
      to = text.length;
    }
    if (known) known.end += from;
    const prop = parseContentRange(text, from, to, line, known);
    if (!prop) {
      const whole = from === 0 && to === text.length ? text : text.slice(from, to);
      if (whole.trim() === '') return;
      const message = `not a valid content line: ${JSON.stringify(whole.slice(0, 60))}`;
      (top ? top.problems : problems).push({ line, message });
      return;
    }
    if (prop.name === 'BEGIN') {
      const comp: IcsComponent = { name: componentName(prop.value), properties: [], children: [], line, problems: [] };
      if (top) top.children.push(comp);
      else if (comp.name === 'VCALENDAR') calendars.push(comp);
      else {
        problems.push({ line, message: `BEGIN:${comp.name} outside a VCALENDAR` });
        const implicit: IcsComponent = { name: 'VCALENDAR', properties: [], children: [comp], line, problems: [], implicit: true };
        calendars.push(implicit);
        stack.push(implicit);
      }
      stack.push(comp);
    } else if (prop.name === 'END') {
      const name = componentName(prop.value);
      const at = findOpen(stack, name);
      if (at < 0) {
        (top ? top.problems : problems).push({ line, message: `END:${name} without a matching BEGIN` });
        return;
      }
      for (let k = stack.length - 1; k > at; k--) {
        stack[k].problems.push({ line, message: `BEGIN:${stack[k].name} (line ${stack[k].line}) is never closed` });
      }
      stack.length = at;
    } else if (top) {
      if (!dropping(top, prop.name)) top.properties.push(prop);
    } else {
      problems.push({ line, message: `property ${prop.name} outside a VCALENDAR` });
    }
  };
  forEachUnfoldedRange(bytes, onLine);
  for (const open of stack) {
    if (open.implicit) continue;
    open.problems.push({ line: open.line, message: `BEGIN:${open.name} is never closed (file ends first)` });
  }
  return { calendars, problems };
}

/** "vevent " -> "VEVENT", without a new string for the usual names. */
function componentName(value: string): string {
  const t = value.trim();
  return t.length === 0 ? '' : nameAt(t, 0, t.length);
}

const NON_ASCII = /[^\x00-\x7f]/g;

/**
 * Chunks of about this many bytes are turned into one string each: big enough that a file is a
 * few dozen strings rather than a string per line, small enough to be ordinary young objects
 * (a string of a whole file would go to the large-object space and stay until a full collection).
 */
const CHUNK_BYTES = 64 * 1024;

/**
 * The unfolding of unfoldLines, over the bytes read as latin1 (one character per byte, so string
 * offsets are byte offsets), a chunk at a time. Calls `onLine` with the first piece of each logical
 * line as text[from, to) and the other pieces (after their leading space) as ranges in `more`
 * [from1, to1, from2, to2, ...], or null when the line is not folded. A line with bytes beyond
 * ASCII is decoded from the bytes as UTF-8, as unfoldLines does, and passed whole (from 0, more null).
 */
function forEachUnfoldedRange(
  bytes: Uint8Array,
  onLine: (text: string, from: number, to: number, line: number, more: number[] | null) => void,
): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let physical = 0;
  let from = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (from < buf.length) {
    const to = chunkEnd(buf, from);
    physical = unfoldChunk(buf, from, to, physical, onLine);
    from = to;
  }
}

/** Where a chunk from `from` ends: after a newline that no folded piece follows (empty lines may come between). */
function chunkEnd(buf: Buffer, from: number): number {
  const len = buf.length;
  let at = from + CHUNK_BYTES;
  for (;;) {
    if (at >= len) return len;
    const nl = buf.indexOf(NEWLINE, at);
    if (nl < 0) return len;
    let b = nl + 1;
    while (b < len && (buf[b] === NEWLINE || (buf[b] === CR && b + 1 < len && buf[b + 1] === NEWLINE))) b += buf[b] === NEWLINE ? 1 : 2;
    if (b >= len || (buf[b] !== SPACE && buf[b] !== TAB)) return nl + 1;
    at = b;
  }
}

/** Unfolds buf[start, end), which holds whole logical lines; returns the physical line count so far. */
function unfoldChunk(
  buf: Buffer,
  start: number,
  end: number,
  physicalBefore: number,
  onLine: (text: string, from: number, to: number, line: number, more: number[] | null) => void,
): number {
  const text = buf.toString('latin1', start, end);
  const len = text.length;
  let pos = 0;
  let physical = physicalBefore;
  let pendingStart = -1;
  let pendingEnd = -1;
  let pendingLine = 0;
  let more: number[] | null = null;
  const nextNonAscii = (from: number): number => {
    NON_ASCII.lastIndex = from;
    return NON_ASCII.exec(text)?.index ?? len;
  };
  let nonAscii = nextNonAscii(0); // the first non-ASCII offset not yet passed, or len
  const emit = (lineEnd: number) => {
    if (nonAscii < lineEnd) {
      // Some byte of this line is not ASCII: decode its bytes as UTF-8, pieces joined first.
      const pieces = [buf.subarray(start + pendingStart, start + pendingEnd)];
      if (more) for (let k = 0; k < more.length; k += 2) pieces.push(buf.subarray(start + more[k], start + more[k + 1]));
      const line = (pieces.length === 1 ? pieces[0] : Buffer.concat(pieces)).toString('utf8');
      onLine(line, 0, line.length, pendingLine, null);
      nonAscii = nextNonAscii(lineEnd);
    } else onLine(text, pendingStart, pendingEnd, pendingLine, more);
    more = null;
  };
  while (pos < len) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    let lineEnd = nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
    physical++;
    const first = text.charCodeAt(pos);
    if ((first === SPACE || first === TAB) && pendingStart >= 0) {
      (more ??= []).push(pos + 1, lineEnd);
    } else if (lineEnd > pos) {
      if (pendingStart >= 0) emit(pos);
      pendingStart = pos;
      pendingEnd = lineEnd;
      pendingLine = physical;
    }
    pos = nl + 1;
  }
  if (pendingStart >= 0) emit(len);
  return physical;
}

function joinPieces(text: string, from: number, to: number, more: number[]): string {
  const parts = [text.slice(from, to)];
  for (let k = 0; k < more.length; k += 2) parts.push(text.slice(more[k], more[k + 1]));
  return parts.join('');
}

function findOpen(stack: IcsComponent[], name: string): number {
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k].name === name) return k;
  return -1;
}

export function firstProperty(comp: IcsComponent, name: string): IcsProperty | undefined {
  for (const p of comp.properties) if (p.name === name) return p;
  return undefined;
}

export function allProperties(comp: IcsComponent, name: string): IcsProperty[] {
  return comp.properties.filter((p) => p.name === name);
}
