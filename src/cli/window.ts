import { InputError } from '../model/errors.js';
import { DAY_MS, mondayOfWall, parseInstant } from '../model/time.js';

export interface Window {
  fromMs: number;
  toMs: number;
  /**
   * Both ends are calendar dates (given as YYYY-MM-DD, or the default weeks): each person's
   * window then runs from local midnight to local midnight in their own zone, so their weeks are whole.
   */
  localDates: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export { parseInstant };

/**
 * The audit window from --from/--to. Default: the four full ISO weeks (Monday 00:00 UTC) before
 * the current week of `nowMs`, the clock being read by the command, never by the engine.
 */
export function resolveWindow(from: string | undefined, to: string | undefined, nowMs: number): Window {
  const thisMonday = mondayOfWall(nowMs);
  const toMs = to ? parseInstant(to, '--to') : thisMonday;
  const fromMs = from ? parseInstant(from, '--from') : toMs - 28 * DAY_MS;
  if (fromMs >= toMs) throw new InputError(`--from must be before --to (got ${from ?? 'default'} .. ${to ?? 'default'})`);
  const localDates = (!from || DATE_ONLY.test(from.trim())) && (!to || DATE_ONLY.test(to.trim()));
  return { fromMs, toMs, localDates };
}
