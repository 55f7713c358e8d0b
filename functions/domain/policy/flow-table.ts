/**
 * The flow table: for each purpose of processing, which data classes may
 * flow to it. It is the one place a data-protection officer reads to know
 * what leaves the force, and every outbound projection is checked against it
 * when it is defined (see projection.ts), so a contract that asks for a class
 * its purpose may not receive fails at start-up and in the tests.
 *
 * `Record<DataClass, …>` makes a new data class a compile error here until
 * someone decides, per purpose, whether it may flow.
 */
import type { DataClass } from '../../../schemas/data-class';
import { PURPOSES, type Purpose } from '../../../schemas/purpose';
import { RECIPIENT_TYPES, type RecipientType } from '../../../schemas/report';

/**
 * - `allowed`: may flow for this purpose.
 * - `with-consent`: may flow only when the victim consented to this kind of
 *   recipient (for `protected-immigration`: also `shareImmigrationWithSupport`
 *   AND a recipient type listed in {@link PROTECTED_SHARING}).
 * - `never`: no projection for this purpose may contain the class.
 */
export type FlowVerdict = 'allowed' | 'with-consent' | 'never';

export const FLOW_TABLE: Readonly<Record<Purpose, Readonly<Record<DataClass, FlowVerdict>>>> = {
  // The force's own safeguarding team: everything, including the protected section (safeguarding key).
  safeguarding: {
    routing: 'allowed',
    incident: 'allowed',
    account: 'allowed',
    identity: 'allowed',
    contact: 'allowed',
    risk: 'allowed',
    special: 'allowed',
    support: 'allowed',
    consent: 'allowed',
    suspect: 'allowed',
    'protected-immigration': 'allowed',
    'staff-message': 'allowed',
  },
  // A support charity the victim consented to.
  'support-referral': {
    routing: 'allowed',
    incident: 'with-consent',
    account: 'with-consent',
    identity: 'with-consent',
    contact: 'with-consent',
    risk: 'with-consent',
    special: 'with-consent',
    support: 'with-consent',
    consent: 'with-consent',
    suspect: 'with-consent',
    'protected-immigration': 'with-consent',
    'staff-message': 'never',
  },
  // Investigating the crime reported: no need for, and no right to, immigration status.
  investigation: {
    routing: 'allowed',
    incident: 'allowed',
    account: 'allowed',
    identity: 'allowed',
    contact: 'allowed',
    risk: 'allowed',
    special: 'allowed',
    support: 'allowed',
    consent: 'allowed',
    suspect: 'allowed',
    'protected-immigration': 'never',
    'staff-message': 'allowed',
  },
  // Officer-initiated checks against enforcement systems: the suspect side only.
  enforcement: {
    routing: 'allowed',
    incident: 'never',
    account: 'never',
    identity: 'never',
    contact: 'never',
    risk: 'never',
    special: 'never',
    support: 'never',
    consent: 'never',
    suspect: 'allowed',
    'protected-immigration': 'never',
    'staff-message': 'never',
  },
};

/**
 * Which recipient types may ever see the protected section, and then only if
 * the victim set `consent.shareImmigrationWithSupport`.
 *
 * - `idva`, `local-da-service`, `by-and-for-service`: independent support
 *   services; immigration advice (e.g. the Migrant Victims of Domestic Abuse
 *   Concession) is part of the support they give.
 * - `victim-care-unit`: never. Victim care units are commissioned by the PCC
 *   and often sit inside or beside the force, so they are treated as the
 *   police side of the firewall.
 */
export const PROTECTED_SHARING: Readonly<Record<RecipientType, boolean>> = {
  idva: true,
  'local-da-service': true,
  'by-and-for-service': true,
  'victim-care-unit': false,
};

/** The consent flag that allows a referral to each recipient type. */
export const CONSENT_FLAG: Readonly<Record<RecipientType, 'idva' | 'localDaService' | 'byAndForService' | 'victimCareUnit'>> = {
  idva: 'idva',
  'local-da-service': 'localDaService',
  'by-and-for-service': 'byAndForService',
  'victim-care-unit': 'victimCareUnit',
};

/**
 * Whether `dataClass` may flow for `purpose` at all (consent still to be checked when `with-consent`).
 *
 * @example
 * mayFlow('enforcement', 'protected-immigration'); // false
 */
export function mayFlow(purpose: Purpose, dataClass: DataClass): boolean {
  return FLOW_TABLE[purpose][dataClass] !== 'never';
}

/** The classes that must never reach `purpose`. */
export function excludedClasses(purpose: Purpose): DataClass[] {
  return (Object.entries(FLOW_TABLE[purpose]) as [DataClass, FlowVerdict][])
    .filter(([, verdict]) => verdict === 'never')
    .map(([dataClass]) => dataClass);
}

/**
 * The flow table as a Markdown table, for docs/firewall.md (a test keeps that file current).
 *
 * @example
 * console.log(flowTableMarkdown());
 */
export function flowTableMarkdown(): string {
  const classes = Object.keys(FLOW_TABLE.safeguarding) as DataClass[];
  const header = `| data class | ${PURPOSES.join(' | ')} |\n| --- |${PURPOSES.map(() => ' --- |').join('')}`;
  const rows = classes.map((dataClass) => `| \`${dataClass}\` | ${PURPOSES.map((purpose) => FLOW_TABLE[purpose][dataClass]).join(' | ')} |`);
  const sharing = RECIPIENT_TYPES.map((type) => `| \`${type}\` | ${PROTECTED_SHARING[type] ? 'yes, with consent' : 'never'} |`);
  return [header, ...rows, '', '| recipient type | may see the protected section |', '| --- | --- |', ...sharing].join('\n');
}
