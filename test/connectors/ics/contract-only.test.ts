import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableToOccurrenceLines } from '../../../src/connectors/ics/contract.js';
import { readIcsTable, type ReadIcsOptions } from '../../../src/connectors/ics/read-ics.js';

/**
 * `occurrences` reads with contractOnly: people, agenda and busy status are skipped. What it prints
 * and warns must be exactly what a full read gives.
 */

const CORPUS = join(import.meta.dirname, '../../../../shared/corpus/ics');
const WIDE: ReadIcsOptions = { fromMs: Date.UTC(1990, 0, 1), toMs: Date.UTC(2035, 0, 1) };

function both(bytes: Uint8Array, path: string) {
  const full = readIcsTable(bytes, path, WIDE);
  const contract = readIcsTable(bytes, path, { ...WIDE, contractOnly: true });
  return { full, contract, fullLines: tableToOccurrenceLines(full), contractLines: tableToOccurrenceLines(contract) };
}

const BROKEN = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'UID:broken-lines',
  'DTSTART:20240304T090000Z',
  'DTEND:20240304T093000Z',
  'SUMMARY:Planning',
  'ATTENDEE;PARTSTAT=ACCEPTED;CN=Ana Silva', // no value
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:ben@example.com',
  'ORGANIZER', // a name alone
  'X-ALT-DESC;FMTTYPE=text/html:<html><body>a long',
  '  page</body></html>',
  'DESCRIPTION:Agenda:\\n1. budget',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER;VALUE=DURATION -PT15M', // no colon
  'END:VALARM',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('contractOnly reading', () => {
  it('warns about broken lines of skipped properties exactly as a full read does', () => {
    const { full, contract, fullLines, contractLines } = both(Buffer.from(BROKEN), 'broken.ics');
    expect(contract.warnings).toEqual(full.warnings);
    expect(full.warnings.map((w) => w.location)).toEqual(['broken.ics:8', 'broken.ics:10', 'broken.ics:16']);
    expect(contractLines.lines).toEqual(fullLines.lines);
    expect(contractLines.lines).toEqual([
      '{"uid":"broken-lines","start":"2024-03-04T09:00:00Z","end":"2024-03-04T09:30:00Z","all_day":false,"summary":"Planning","status":"CONFIRMED"}',
    ]);
  });

  it('skips attendees and the agenda', () => {
    const { full, contract } = both(Buffer.from(BROKEN), 'broken.ics');
    expect(full.table.templates[0].attendees.map((a) => a.email)).toEqual(['ben@example.com']);
    expect(full.table.templates[0].agenda.textLength).toBeGreaterThan(0);
    expect(contract.table.templates[0].attendees).toEqual([]);
    expect(contract.table.templates[0].agenda.textLength).toBe(0);
  });

  it('prints and warns the same as a full read on every corpus file', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.ics'));
    expect(files.length).toBe(77);
    for (const f of files) {
      const { full, contract, fullLines, contractLines } = both(readFileSync(join(CORPUS, f)), f);
      expect({ f, lines: contractLines.lines, warnings: contract.warnings }).toEqual({ f, lines: fullLines.lines, warnings: full.warnings });
    }
  });
});
