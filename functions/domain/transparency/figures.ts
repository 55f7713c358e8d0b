/**
 * Transparency figures a PCC can publish, per month, computed from the
 * stored reports and the audit trail's disclosure records — nothing is hard-coded.
 *
 * "Reports with protected data" is counted by OPENING each report's
 * protected section with the safeguarding key, not from a flag: a plaintext
 * flag or index (or a class list beside a report id) would itself reveal
 * status. It is slow (one decrypt per report) and leaks nothing; only the
 * monthly total leaves this function. Removals are counted per class from each
 * report's retention map (every report has the same schedule, so these say
 * nothing about what a report holds); receipt-channel messages are not in it
 * and are not counted here (their erasure records are in the audit trail).
 */
import { RECIPIENT_TYPES, type ImmigrationSection, type RecipientType } from '../../../schemas/report';
import type { DisclosureReader } from '../policy/disclosure';
import { PURPOSES, type Purpose } from '../../../schemas/purpose';
import type { SealedReportReader } from '../referrals/outbox';
import type { ReportCipher } from '../report';
import { ON_TIME_GRACE_MS, REMOVABLE_CLASSES, type ClassRetention, type RemovableClass } from '../retention/retention';

export interface ReportLedger {
  /** Reports received with `from <= createdAt < to`. */
  reportsBetween(forceId: string, from: string, to: string): AsyncIterable<{ reportId: string; createdAt: string }>;
}

/** Removals of one class among a month's reports: on time (within a day of the date), late, and overdue (still held more than a day past it). */
export interface RemovalCounts {
  onTime: number;
  late: number;
  overdue: number;
}

export interface MonthFigures {
  month: string;
  reports: number;
  reportsWithProtectedData: number;
  referralsByRecipientType: Record<RecipientType, number>;
  disclosuresByPurpose: Record<Purpose, number>;
  /** Disclosures to an enforcement-purpose recipient whose classes include `protected-immigration`. Must be 0. */
  protectedDisclosuresToEnforcement: number;
  /** Reports whose protected section was shredded within a day of its due date. */
  protectedShreddedOnTime: number;
  /** Reports whose protected section was shredded, but more than a day after its due date. */
  protectedShreddedLate: number;
  /** Reports whose protected section is more than a day past its due date and still held. Should be 0. */
  protectedOverdue: number;
  /** The same three counts for every class that leaves a report on its own date (the protected section's included). */
  removalsByClass: Record<RemovableClass, RemovalCounts>;
}

export interface TransparencyFigures {
  forceId: string;
  from: string;
  to: string;
  months: MonthFigures[];
  totals: Omit<MonthFigures, 'month'>;
}

function emptyMonth(month: string): MonthFigures {
  return {
    month,
    reports: 0,
    reportsWithProtectedData: 0,
    referralsByRecipientType: Object.fromEntries(RECIPIENT_TYPES.map((type) => [type, 0])) as Record<RecipientType, number>,
    disclosuresByPurpose: Object.fromEntries(PURPOSES.map((purpose) => [purpose, 0])) as Record<Purpose, number>,
    protectedDisclosuresToEnforcement: 0,
    protectedShreddedOnTime: 0,
    protectedShreddedLate: 0,
    protectedOverdue: 0,
    removalsByClass: Object.fromEntries(REMOVABLE_CLASSES.map((dataClass) => [dataClass, { onTime: 0, late: 0, overdue: 0 }])) as Record<RemovableClass, RemovalCounts>,
  };
}

/** Whether a class's removal was on time, late, overdue at `now`, or is not due yet (undefined). */
function removalState(state: ClassRetention, now: Date): keyof RemovalCounts | undefined {
  const deadline = Date.parse(state.dueAt) + ON_TIME_GRACE_MS;
  if (state.removedAt) return Date.parse(state.removedAt) <= deadline ? 'onTime' : 'late';
  return now.getTime() > deadline ? 'overdue' : undefined;
}

/** Counts a report's retention into its month, class by class: on time, late, or overdue at `now`. */
function countRetention(figures: MonthFigures, retention: readonly ClassRetention[] | undefined, now: Date): void {
  for (const state of retention ?? []) {
    const outcome = removalState(state, now);
    if (!outcome) continue;
    figures.removalsByClass[state.dataClass][outcome] += 1;
    if (state.dataClass !== 'protected-immigration') continue;
    if (outcome === 'onTime') figures.protectedShreddedOnTime += 1;
    else if (outcome === 'late') figures.protectedShreddedLate += 1;
    else figures.protectedOverdue += 1;
  }
}

function holdsData(section: ImmigrationSection | undefined): boolean {
  return section !== undefined && Object.values(section).some((value) => value !== undefined && value !== '');
}

/**
 * @example
 * const figures = await transparencyFigures(deps, { forceId, from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
 */
export async function transparencyFigures(
  deps: { ledger: ReportLedger; reports: SealedReportReader; cipher: Pick<ReportCipher, 'openProtected'>; disclosures: DisclosureReader; now?: () => Date },
  range: { forceId: string; from: string; to: string; signal?: AbortSignal },
): Promise<TransparencyFigures> {
  const now = (deps.now ?? (() => new Date()))();
  const months = new Map<string, MonthFigures>();
  const monthFor = (iso: string) => {
    const key = iso.slice(0, 7);
    let figures = months.get(key);
    if (!figures) months.set(key, (figures = emptyMonth(key)));
    return figures;
  };
  for await (const entry of deps.ledger.reportsBetween(range.forceId, range.from, range.to)) {
    // One report read and opened per ledger entry: an abandoned request stops here.
    range.signal?.throwIfAborted();
    const figures = monthFor(entry.createdAt);
    figures.reports += 1;
    const sealed = await deps.reports.sealedReport(entry.reportId);
    // A report shredded since (retention) is still counted as received; its protected part can no longer be read.
    if (sealed?.sealedProtected && holdsData(await deps.cipher.openProtected(sealed.sealedProtected, { forceId: range.forceId, reportId: entry.reportId }))) {
      figures.reportsWithProtectedData += 1;
    }
    // Every report has the same schedule, whatever it holds: these counts reveal nothing about content.
    if (sealed) countRetention(figures, sealed.retention, now);
  }
  for await (const disclosure of deps.disclosures.disclosuresBetween(range.forceId, range.from, range.to, range.signal)) {
    const figures = monthFor(disclosure.at);
    figures.disclosuresByPurpose[disclosure.purpose] += 1;
    if (disclosure.purpose === 'support-referral' && disclosure.recipientType) figures.referralsByRecipientType[disclosure.recipientType] += 1;
    if (disclosure.purpose === 'enforcement' && disclosure.dataClasses.includes('protected-immigration')) figures.protectedDisclosuresToEnforcement += 1;
  }
  const sorted = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
  const totals = emptyMonth('');
  for (const month of sorted) {
    totals.reports += month.reports;
    totals.reportsWithProtectedData += month.reportsWithProtectedData;
    totals.protectedDisclosuresToEnforcement += month.protectedDisclosuresToEnforcement;
    totals.protectedShreddedOnTime += month.protectedShreddedOnTime;
    totals.protectedShreddedLate += month.protectedShreddedLate;
    totals.protectedOverdue += month.protectedOverdue;
    for (const dataClass of REMOVABLE_CLASSES) {
      for (const outcome of ['onTime', 'late', 'overdue'] as const) totals.removalsByClass[dataClass][outcome] += month.removalsByClass[dataClass][outcome];
    }
    for (const type of RECIPIENT_TYPES) totals.referralsByRecipientType[type] += month.referralsByRecipientType[type];
    for (const purpose of PURPOSES) totals.disclosuresByPurpose[purpose] += month.disclosuresByPurpose[purpose];
  }
  const { month: _month, ...rest } = totals;
  return { ...range, months: sorted, totals: rest };
}

/** Plain-text table for the CLI. */
export function formatFigures(figures: TransparencyFigures): string {
  const header = ['month', 'reports', 'with protected data', ...RECIPIENT_TYPES.map((type) => `referrals ${type}`), ...PURPOSES.map((purpose) => `disclosures ${purpose}`), 'protected to enforcement', 'protected shredded on time', 'shredded late', 'overdue', 'removals on time', 'late', 'overdue'];
  const row = (label: string, m: Omit<MonthFigures, 'month'>) => [
    label,
    m.reports,
    m.reportsWithProtectedData,
    ...RECIPIENT_TYPES.map((type) => m.referralsByRecipientType[type]),
    ...PURPOSES.map((purpose) => m.disclosuresByPurpose[purpose]),
    m.protectedDisclosuresToEnforcement,
    m.protectedShreddedOnTime,
    m.protectedShreddedLate,
    m.protectedOverdue,
    // Every class's removals together (JSON output has them class by class).
    ...(['onTime', 'late', 'overdue'] as const).map((outcome) => REMOVABLE_CLASSES.reduce((sum, dataClass) => sum + m.removalsByClass[dataClass][outcome], 0)),
  ];
  const rows = [header, ...figures.months.map((month) => row(month.month, month)), row('total', figures.totals)].map((cells) => cells.map(String));
  const widths = header.map((_, index) => Math.max(...rows.map((cells) => (cells[index] ?? '').length)));
  return rows.map((cells) => cells.map((cell, index) => cell.padStart(widths[index] ?? 0)).join('  ')).join('\n');
}
