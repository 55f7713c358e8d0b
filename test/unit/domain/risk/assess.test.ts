import { describe, expect, it } from 'vitest';
import { assessRisk, PRIORITY, queueRank, raiseGrade, raisePriority } from '../../../../functions/domain/risk/assess';
import { INDICATOR_CODES, type IndicatorCode } from '../../../../schemas/risk-indicators';
import { RED_FLAG_RULES } from '../../../../functions/domain/risk/assess';

const RED_FLAG_CODES = new Set(RED_FLAG_RULES.flatMap((rule) => rule.when));
const ordinary = INDICATOR_CODES.filter((code) => !RED_FLAG_CODES.has(code));
const yesTo = (codes: readonly IndicatorCode[]) => Object.fromEntries(codes.map((code) => [code, 'yes' as const]));

describe('risk assessment', () => {
  it('covers the 27 indicators of the police risk checklist', () => {
    expect(INDICATOR_CODES).toHaveLength(27);
  });

  it.each([
    [0, 'standard'],
    [1, 'standard'],
    [9, 'standard'],
    [10, 'medium'],
    [13, 'medium'],
    [14, 'high'],
    [17, 'high'],
  ] as const)('grades %i ticks without red flags as %s', (ticks, grade) => {
    expect(ordinary.length).toBeGreaterThanOrEqual(17);
    const result = assessRisk(yesTo(ordinary.slice(0, ticks)));
    expect(result).toMatchObject({ grade, yesCount: ticks, redFlags: [] });
    expect(result.priority).toBe(PRIORITY[grade]);
  });

  it.each(['strangulation', 'threat-to-kill', 'weapons-used', 'stalking-harassment', 'pregnant-or-new-baby', 'abuse-getting-worse', 'abuse-more-often', 'fears-serious-harm'] as const)(
    'puts a single red flag (%s) at the top of the queue',
    (code) => {
      const result = assessRisk({ [code]: 'yes' });
      expect(result.grade).toBe('high');
      expect(result.priority).toBe(PRIORITY.redFlag);
      expect(result.redFlags).toHaveLength(1);
    },
  );

  it('raises the separation red flag only with controlling behaviour', () => {
    expect(assessRisk({ 'recent-separation': 'yes' }).redFlags).toEqual([]);
    expect(assessRisk({ 'recent-separation': 'yes', 'controlling-jealous': 'yes' }).redFlags).toEqual(['separation-with-control']);
  });

  it('keeps "don\'t know" apart: counted, never read as yes or no', () => {
    const result = assessRisk({ strangulation: 'dont-know', isolated: 'dont-know', 'current-injury': 'yes' });
    expect(result).toMatchObject({ yesCount: 1, unknownCount: 2, grade: 'standard', redFlags: [] });
  });

  it('can only raise a grade or a priority', () => {
    expect(raiseGrade('high', 'standard')).toBe('high');
    expect(raiseGrade('standard', 'medium')).toBe('medium');
    expect(raisePriority(PRIORITY.redFlag, PRIORITY.standard)).toBe(PRIORITY.redFlag);
    expect(raisePriority(PRIORITY.medium, PRIORITY.high)).toBe(PRIORITY.high);
  });

  it('ranks queue entries red flag first, then grade, then oldest', () => {
    const ranks = [
      queueRank(PRIORITY.standard, '2026-01-01T00:00:00.000Z', 'a'),
      queueRank(PRIORITY.redFlag, '2026-03-01T00:00:00.000Z', 'b'),
      queueRank(PRIORITY.high, '2026-01-01T00:00:00.000Z', 'c'),
      queueRank(PRIORITY.redFlag, '2026-02-01T00:00:00.000Z', 'd'),
    ];
    expect([...ranks].sort().map((rank) => rank.at(-1))).toEqual(['d', 'b', 'c', 'a']);
  });
});
