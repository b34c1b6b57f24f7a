import type { Definitions } from './definitions.js';
import { countParticipants, type Occurrence, type OccurrenceKind } from './occurrence.js';

export interface Classification {
  kind: OccurrenceKind;
  excludedReason: string | null;
}

const patternCache = new Map<string, RegExp>();

function matchesAny(title: string, patterns: string[]): boolean {
  for (const p of patterns) {
    let re = patternCache.get(p);
    if (!re) patternCache.set(p, (re = new RegExp(p, 'i')));
    if (re.test(title)) return true;
  }
  return false;
}

/**
 * Decides what an occurrence is for the audit. The order is the documented precedence
 * (README "What counts as a meeting"): exclusions first, then out-of-office, focus, all-day, solo.
 */
export function classifyOccurrence(
  o: Omit<Occurrence, 'kind' | 'excludedReason'>,
  defs: Definitions,
): Classification {
  const m = defs.meeting;
  const title = o.isPrivate ? '' : o.title;
  if (o.status === 'cancelled') return { kind: 'excluded', excludedReason: 'cancelled' };
  if (o.selfResponse === 'declined') return { kind: 'excluded', excludedReason: 'declined' };
  if (o.eventType === 'outOfOffice' || o.showAs === 'out-of-office' || matchesAny(title, defs.outOfOfficeTitlePatterns)) {
    return { kind: 'out-of-office', excludedReason: null };
  }
  if (o.eventType === 'focusTime' || matchesAny(title, defs.focusTitlePatterns)) {
    return { kind: 'focus', excludedReason: null };
  }
  if (o.eventType === 'workingLocation') return { kind: 'excluded', excludedReason: 'working-location' };
  if (o.allDay) return { kind: 'all-day', excludedReason: null };
  if (matchesAny(title, m.ignoreTitlePatterns)) return { kind: 'excluded', excludedReason: 'ignored-title' };
  if (o.endMs - o.startMs >= m.maxDurationMin * 60_000) return { kind: 'excluded', excludedReason: 'too-long' };
  if (o.showAs === 'free' && !m.countFree) return { kind: 'excluded', excludedReason: 'free' };
  if (o.selfResponse === 'tentative' && !m.countTentative) return { kind: 'excluded', excludedReason: 'tentative' };
  if (o.selfResponse === 'needs-action' && !m.countUnanswered) return { kind: 'excluded', excludedReason: 'unanswered' };
  if (countParticipants(o) < m.minParticipants) return { kind: 'solo', excludedReason: null };
  return { kind: 'meeting', excludedReason: null };
}
