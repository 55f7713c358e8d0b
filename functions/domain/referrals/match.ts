/**
 * Which charities a report is referred to: only recipient types the victim
 * consented to, and for each type the one charity that serves the victim's
 * area and speaks their language (or, failing that, one that can work with an
 * interpreter the victim asked for). Services rank, never exclude: a charity
 * offering a service named after the incident kind comes first.
 */
import { RECIPIENT_TYPES, type RecipientType, type ReportSubmission } from '../../../schemas/report';
import { consentsTo } from '../policy/contracts';
import type { Charity } from './directory';

export interface PlannedReferral {
  charityId: string;
  recipientType: RecipientType;
}

/** The postcode area: the leading letters of a UK postcode ("S1 2HE" → "S", "DN4 5PL" → "DN"). */
export function postcodeArea(postcode: string | undefined): string | undefined {
  return postcode?.trim().toUpperCase().match(/^[A-Z]{1,2}/)?.[0];
}

function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? tag;
}

/**
 * @example
 * const planned = planReferrals(directory.charities, submission);
 * // [{ charityId: 'demoshire-da-service', recipientType: 'idva' }]
 */
export function planReferrals(
  charities: readonly Charity[],
  report: Pick<ReportSubmission, 'consent' | 'incident' | 'support'>,
): PlannedReferral[] {
  const area = postcodeArea(report.incident.postcode);
  const language = primaryLanguage(report.support.language);
  const kindWords = report.incident.kind.split('-').filter((word) => word.length > 3);
  const planned: PlannedReferral[] = [];
  const used = new Set<string>();
  for (const recipientType of RECIPIENT_TYPES) {
    if (!consentsTo(report, recipientType)) continue;
    const ranked = charities
      .filter((charity) => charity.recipientTypes.includes(recipientType) && !used.has(charity.id))
      // Without a postcode the victim is still referred: every charity of the force serves part of its area.
      .filter((charity) => area === undefined || charity.areasServed.includes(area))
      .map((charity, order) => {
        const speaks = charity.languages.some((tag) => primaryLanguage(tag) === language);
        const offers = charity.servicesOffered.some((service) => kindWords.some((word) => service.toLowerCase().includes(word)));
        return { charity, speaks, offers, order };
      })
      .filter((candidate) => candidate.speaks || report.support.interpreterNeeded)
      .sort((a, b) => Number(b.speaks) - Number(a.speaks) || Number(b.offers) - Number(a.offers) || a.order - b.order);
    const chosen = ranked[0]?.charity;
    if (chosen) {
      used.add(chosen.id);
      planned.push({ charityId: chosen.id, recipientType });
    }
  }
  return planned;
}
