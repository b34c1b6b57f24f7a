import type { AnyRule } from './define-rule.js';
import agendaNotReady24h from './agenda-not-ready-24h.js';
import backToBack from './back-to-back.js';
import doubleBooked from './double-booked.js';
import focusStarved from './focus-starved.js';
import largeMeeting from './large-meeting.js';
import longMeeting from './long-meeting.js';
import meetingOverload from './meeting-overload.js';
import noMeetingDayBreach from './no-meeting-day-breach.js';
import noNoteTaker from './no-note-taker.js';
import outsideHumaneHours from './outside-humane-hours.js';
import recurringWithoutAgenda from './recurring-without-agenda.js';
import recurringWithoutEnd from './recurring-without-end.js';
import statusMeetingCouldBeAsync from './status-meeting-could-be-async.js';

/** Every rule, in the order the docs list them. A rule id is never reused for another meaning. */
export const rules: readonly AnyRule[] = [
  recurringWithoutAgenda,
  agendaNotReady24h,
  outsideHumaneHours,
  statusMeetingCouldBeAsync,
  largeMeeting,
  longMeeting,
  backToBack,
  doubleBooked,
  focusStarved,
  meetingOverload,
  noMeetingDayBreach,
  recurringWithoutEnd,
  noNoteTaker,
];

const byId = new Map(rules.map((r) => [r.id, r]));

/** The rule with this id, or undefined. */
export function getRule(id: string): AnyRule | undefined {
  return byId.get(id);
}
