/**
 * Risk screening of an online self-report. Pure: no I/O.
 *
 * Design rule (shared/domain.md §2): the score can only RAISE priority. It never
 * closes or downgrades a report; a human re-assesses with the force's own tool.
 */
import type { IndicatorAnswer, IndicatorCode } from '../../../schemas/risk-indicators';

export const RISK_GRADES = ['standard', 'medium', 'high'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

/** Queue priority bands, highest first: red flag, then grade. */
export const PRIORITY = { redFlag: 3, high: 2, medium: 1, standard: 0 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

/**
 * Red flags: the strongest homicide predictors. Any one forces grade high and
 * puts the report at the top of the force queue. A rule holds when every code
 * it names was answered "yes".
 */
export const RED_FLAG_RULES: readonly { flag: string; when: readonly IndicatorCode[] }[] = [
  { flag: 'strangulation', when: ['strangulation'] },
  { flag: 'threat-to-kill', when: ['threat-to-kill'] },
  { flag: 'weapons', when: ['weapons-used'] },
  { flag: 'separation-with-control', when: ['recent-separation', 'controlling-jealous'] },
  { flag: 'stalking', when: ['stalking-harassment'] },
  { flag: 'pregnancy', when: ['pregnant-or-new-baby'] },
  { flag: 'escalation-frequency', when: ['abuse-more-often'] },
  { flag: 'escalation-severity', when: ['abuse-getting-worse'] },
  { flag: 'fears-being-killed', when: ['fears-serious-harm'] },
];

/** DASH count thresholds: 1–9 standard, 10–13 medium, 14+ high. */
export const GRADE_THRESHOLDS = { medium: 10, high: 14 } as const;

export interface RiskAssessment {
  grade: RiskGrade;
  priority: Priority;
  /** Number of "yes" answers. */
  yesCount: number;
  /** Number of "don't know" answers: kept, never read as "no". */
  unknownCount: number;
  /** Red flags raised, by name. Empty when none. */
  redFlags: string[];
}

/**
 * Grades raw indicator answers.
 *
 * @example
 * assessRisk({ strangulation: 'yes' });
 * // => { grade: 'high', priority: 3, redFlags: ['strangulation'], yesCount: 1, unknownCount: 0 }
 */
export function assessRisk(answers: Partial<Record<IndicatorCode, IndicatorAnswer>>): RiskAssessment {
  const given = Object.values(answers);
  const yesCount = given.filter((answer) => answer === 'yes').length;
  const unknownCount = given.filter((answer) => answer === 'dont-know').length;
  const redFlags = RED_FLAG_RULES.filter((rule) => rule.when.every((code) => answers[code] === 'yes')).map(
    (rule) => rule.flag,
  );
  const countGrade: RiskGrade =
    yesCount >= GRADE_THRESHOLDS.high ? 'high' : yesCount >= GRADE_THRESHOLDS.medium ? 'medium' : 'standard';
  const grade: RiskGrade = redFlags.length > 0 ? 'high' : countGrade;
  const priority: Priority = redFlags.length > 0 ? PRIORITY.redFlag : PRIORITY[grade];
  return { grade, priority, yesCount, unknownCount, redFlags };
}

/** The higher of two grades: a new assessment may raise a grade, never lower it. */
export function raiseGrade(current: RiskGrade, proposed: RiskGrade): RiskGrade {
  return RISK_GRADES.indexOf(proposed) > RISK_GRADES.indexOf(current) ? proposed : current;
}

/** The higher of two priorities: re-scoring can only move a report up the queue. */
export function raisePriority(current: Priority, proposed: Priority): Priority {
  return proposed > current ? proposed : current;
}

/**
 * The sort key of a queue entry: ascending order is priority band (highest
 * first), then age (oldest first), then report id to break ties.
 */
export function queueRank(priority: Priority, createdAt: string, reportId: string): string {
  return `P${PRIORITY.redFlag - priority}#${createdAt}#${reportId}`;
}
