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
  const prop = parseStrictContentLine(text, line);
  if (prop || text.indexOf('"') < 0) return prop;
  return parseStrictContentLine(text.replace(/"/g, ''), line);
}

function parseStrictContentLine(text: string, line: number): IcsProperty | null {
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 0x3a /* : */ || c === 0x3b /* ; */) break;
    i++;
  }
  if (i === len || i === 0) return null;
  const name = text.slice(0, i).toUpperCase();
  const params: Record<string, string> = {};
  if (text.charCodeAt(i) === 0x3a) return { name, params, value: text.slice(i + 1), line };
  // Parameters: ;KEY=value[,value] where values may be quoted and contain ; : ,
  while (i < len && text.charCodeAt(i) === 0x3b) {
    i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) return null;
    const key = text.slice(i, eq).toUpperCase();
    i = eq + 1;
    let value = '';
    for (;;) {
      if (text.charCodeAt(i) === 0x22 /* " */) {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return null;
        value += text.slice(i + 1, close);
        i = close + 1;
      } else {
        let j = i;
        while (j < len) {
          const c = text.charCodeAt(j);
          if (c === 0x3a || c === 0x3b || c === 0x2c) break;
          j++;
        }
        value += text.slice(i, j);
        i = j;
      }
      if (text.charCodeAt(i) === 0x2c /* , */) {
        value += ',';
        i++;
        continue;
      }
      break;
    }
    params[key] = value;
  }
  if (text.charCodeAt(i) !== 0x3a) return null;
  return { name, params, value: text.slice(i + 1), line };
}

/** Reads the component tree. Never throws on content: problems are recorded where they occur. */
export function parseIcs(bytes: Uint8Array): ParsedIcs {
  const calendars: IcsComponent[] = [];
  const problems: ParsedIcs['problems'] = [];
  const stack: IcsComponent[] = [];
  for (const { text, line } of unfoldLines(bytes)) {
    const prop = parseContentLine(text, line);
    const top = stack[stack.length - 1];
    if (!prop) {
      if (text.trim() === '') continue;
      const message = `not a valid content line: ${JSON.stringify(text.slice(0, 60))}`;
      (top ? top.problems : problems).push({ line, message });
      continue;
    }
    if (prop.name === 'BEGIN') {
      const comp: IcsComponent = { name: prop.value.trim().toUpperCase(), properties: [], children: [], line, problems: [] };
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
      const name = prop.value.trim().toUpperCase();
      const at = findOpen(stack, name);
      if (at < 0) {
        (top ? top.problems : problems).push({ line, message: `END:${name} without a matching BEGIN` });
        continue;
      }
      for (let k = stack.length - 1; k > at; k--) {
        stack[k].problems.push({ line, message: `BEGIN:${stack[k].name} (line ${stack[k].line}) is never closed` });
      }
      stack.length = at;
    } else if (top) {
      top.properties.push(prop);
    } else {
      problems.push({ line, message: `property ${prop.name} outside a VCALENDAR` });
    }
  }
  for (const open of stack) {
    if (open.implicit) continue;
    open.problems.push({ line: open.line, message: `BEGIN:${open.name} is never closed (file ends first)` });
  }
  return { calendars, problems };
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
