import { z } from 'zod';
import { defineRule, type RawFinding } from './define-rule.js';
import { formatHours } from './support.js';

export default defineRule({
  id: 'back-to-back',
  description: 'Weeks with many back-to-back runs of meetings: no break to think, write up or reset between them.',
  definition:
    'A person-week with at least `minChains` back-to-back chains (runs of two or more meetings with at most ' +
    '`backToBackGapMin` minutes between one and the next). Hours at stake: `hoursPerChain` for each chain, the break it lacks.',
  severity: 'warning',
  options: z.strictObject({
    minChains: z.number().int().min(1).default(3),
    /** The missing break charged for each chain (a 15-minute reset). */
    hoursPerChain: z.number().min(0).default(0.25),
  }),
  check(ctx, { minChains, hoursPerChain }) {
    const gapMin = ctx.definitions.backToBackGapMin;
    const findings: RawFinding[] = [];
    for (const [person, weeks] of ctx.weeksByPerson) {
      for (const w of weeks) {
        if (w.backToBackChains < minChains) continue;
        const stake = w.backToBackChains * hoursPerChain;
        findings.push({
          subject: { type: 'person-week', person, week: w.week },
          person,
          week: w.week,
          message:
            `${person} had ${w.backToBackChains} back-to-back runs of meetings in ${w.week} ` +
            `(at most ${gapMin} min between meetings): about ${formatHours(stake)} h of breaks missing`,
          evidence: {
            backToBackChains: w.backToBackChains,
            meetingHours: w.meetingHours,
            meetingCount: w.meetingCount,
            backToBackGapMin: gapMin,
            hoursPerChain,
          },
          hoursAtStake: stake,
        });
      }
    }
    return findings;
  },
});
