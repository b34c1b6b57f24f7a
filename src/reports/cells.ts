/** Cell and text formatting shared by the renderers (CSV, Markdown, terminal text). */

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A CSV text cell. A leading = + - @ (or tab / carriage return) would make a spreadsheet run the cell
 * as a formula, so such cells get a leading single quote (OWASP "CSV injection").
 */
export function textCell(value: string | null): string {
  if (value === null) return '';
  return quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** A CSV number: four decimals at most, to drop floating-point noise; null and non-finite are empty. */
export function numberCell(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  const rounded = Math.round(value * 10_000) / 10_000;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * Calendar text (titles, names, messages quoting them) is untrusted: one line, with control characters
 * (which could move a terminal's cursor) and bidi overrides (which could reorder what is shown) removed.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function fixed1(n: number): string {
  const text = (Math.round(n * 10) / 10).toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

export function count(n: number): string {
  return Number.isInteger(n) ? String(n) : fixed1(n);
}

export function duration(min: number): string {
  const rounded = Math.round(min);
  const h = Math.floor(rounded / 60);
  const m = rounded % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
