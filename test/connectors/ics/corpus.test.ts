import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIcsBytes } from '../../../src/connectors/ics/read-ics.js';

/**
 * The 77 real-world exports in ../shared/corpus/ics (Google, Outlook/Exchange, Apple, Thunderbird,
 * Lotus Notes, ...). Counts are occurrences starting in 1990..2030. 52 of them were checked line by
 * line against python-recurring-ical-events 2.0.1 (Debian); the others differ where that library
 * fails on the file or is wrong (see fixtures/ics/NOTES.md).
 */
const CORPUS = join(import.meta.dirname, '../../../../shared/corpus/ics');
const window = { fromMs: Date.UTC(1990, 0, 1), toMs: Date.UTC(2030, 0, 1) };

const EXPECTED_COUNTS = new Map<string, number>([
  ['ical.js__duration_instead_of_dtend.ics', 1],
  ['ical.js__google_birthday.ics', 6],
  ['ical.js__multiple_rrules.ics', 36],
  ['ical.js__recur_instances.ics', 209],
  ['ical.js__recur_instances_finite.ics', 5],
  ['ical.net__Bug2959692.ics', 574],
  ['ical.net__Calendar1.ics', 14],
  ['ical.net__MonthlyBySetPos1.ics', 3],
  ['ical.net__Outlook2007LineFolds.ics', 1],
  ['ical__apple_ical.ics', 2673],
  ['ical__google_calendar_invalid_offset.ics', 8],
  ['ical__google_dtstart_until_mismatch.ics', 13],
  ['ical__office_356_custom_timezone.ics', 51],
  ['ical__office_360_nz_tz.ics', 53],
  ['ical__office_365_extended_timezone.ics', 1],
  ['ical__office_365_invalid_timezone.ics', 1],
  ['ical__recurring_with_single_change.ics', 3],
  ['icalendar__alarm_etar_future.ics', 1],
  ['icalendar__alarm_google_future.ics', 1],
  ['icalendar__alarm_thunderbird_future.ics', 1],
  ['icalendar__america_new_york.ics', 1],
  ['icalendar__america_new_york_forward_reference.ics', 1],
  ['icalendar__event_with_recurrence_exdates_on_different_lines.ics', 10],
  ['icalendar__issue_156_RDATE_with_PERIOD_TZID_khal_2.ics', 4],
  ['icalendar__issue_165_missing_event.ics', 14],
  ['icalendar__issue_722_timezone_transition_ambiguity.ics', 4],
  ['icalendar__pacific_fiji.ics', 1],
  ['icalendar__x_location.ics', 3437],
  ['ics-parser__ICal.ics', 1087],
  ['ics-parser__issue-196.ics', 7],
  ['ics-parser__issue-343.ics', 1],
  ['khal__cal_lots_of_timezones.ics', 12],
  ['khal__event_dt_floating.ics', 1],
  ['khal__event_rrule_recuid_cancelled.ics', 6],
  ['khal__mult_uids_and_recuid_no_order.ics', 12],
  ['khal__non_dst_error.ics', 2],
  ['khal__tz_windows_format.ics', 1],
  ['libical__calendar.ics', 3],
  ['node-ical__Office-2012-owa.ics', 90],
  ['node-ical__bad_custom_ms_tz.ics', 3],
  ['node-ical__bad_ms_tz.ics', 34],
  ['node-ical__biweekly-exdate-until.ics', 668],
  ['node-ical__daily-count-exdate-recurrence-id.ics', 8],
  ['node-ical__exchange-custom-tz.ics', 1],
  ['node-ical__exchange_whole_day_moved_recurrence.ics', 51],
  ['node-ical__google-calendar-kiev-tz.ics', 4],
  ['node-ical__google-recurrence-order.ics', 3],
  ['node-ical__mixed-timezone-handling.ics', 5],
  ['node-ical__ms_timezones.ics', 372],
  ['node-ical__non-utc-until-ny.ics', 15],
  ['node-ical__tentative-apple-calendar.ics', 4],
  ['node-ical__test_with_tz_list.ics', 0],
  ['node-ical__vtimezone-year-0001-dtstart.ics', 1],
  ['node-ical__whole_day_moved_over_dst_change_berlin.ics', 3],
  ['node-ical__windows-quoted-tz-rrule.ics', 10],
  ['python-recurring-ical-events__daylight_saving_time.ics', 3704],
  ['python-recurring-ical-events__duration_edited.ics', 3],
  ['python-recurring-ical-events__each_week_but_two_deleted.ics', 6],
  ['python-recurring-ical-events__fablab_cottbus.ics', 171],
  ['python-recurring-ical-events__issue_113_period_in_rdate.ics', 8],
  ['python-recurring-ical-events__issue_151_macos_linux_difference.ics', 15],
  ['python-recurring-ical-events__issue_18_cancel_status.ics', 3],
  ['python-recurring-ical-events__issue_20_exdate_ignored.ics', 7],
  ['python-recurring-ical-events__issue_223_thunderbird.ics', 5],
  ['python-recurring-ical-events__issue_27_t1.ics', 2],
  ['python-recurring-ical-events__issue_28_rrule_with_UTC_endinginZ.ics', 24],
  ['python-recurring-ical-events__issue_48_dst.ics', 6706],
  ['python-recurring-ical-events__issue_61_time_zone_error.ics', 1],
  ['python-recurring-ical-events__issue_62_moved_event.ics', 98],
  ['python-recurring-ical-events__issue_62_moved_event_2.ics', 6],
  ['python-recurring-ical-events__issue_75_range_parameter.ics', 194],
  ['python-recurring-ical-events__issue_86_x_wr_timezone_without_time_zone_in_dt.ics', 1],
  ['python-recurring-ical-events__rdate_falls_on_rrule_until.ics', 8],
  ['python-recurring-ical-events__recurring_events_changed_duration.ics', 7],
  ['python-recurring-ical-events__recurring_events_moved.ics', 7],
  ['python-recurring-ical-events__x_wr_timezone_simple_events_issue_59.ics', 2],
  ['vobject__UntilRespectsTimezoneTest.ics', 9],
]);

describe('connectors: ics corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.ics')).sort();

  it('has all 77 real-world files', () => {
    expect(files).toHaveLength(77);
  });

  it.each(files)('reads %s without crashing and with the expected number of occurrences', (file) => {
    const cal = readIcsBytes(readFileSync(join(CORPUS, file)), file, window);
    expect(cal.occurrences.length).toBe(EXPECTED_COUNTS.get(file));
    for (const o of cal.occurrences) {
      expect(Number.isFinite(o.startMs) && Number.isFinite(o.endMs)).toBe(true);
      expect(o.endMs).toBeGreaterThanOrEqual(o.startMs);
      expect(o.startMs).toBeGreaterThanOrEqual(window.fromMs);
      expect(o.startMs).toBeLessThan(window.toMs);
    }
    for (const w of cal.warnings) expect(w.location).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+$`));
  });
});
