/**
 * The API's shapes as the console reads them: types only, taken from the
 * contracts in schemas/ (nothing of zod or the functions reaches the bundle),
 * and the labels the console shows for each code. The label records are
 * typed by the contracts' unions, so a code added to the API without a label
 * here fails the type check.
 */
import type * as z from 'zod';
import type { AuditListResponseSchema, ContactAttemptRequestSchema, LeaseResponseSchema, OutcomeRequestSchema, QueueEntrySchema, QueueListResponseSchema, StaffReportResponseSchema, ProtectedResponseSchema } from '../../schemas/queue';
import type { ConsentWithdrawalResponseSchema, DeadLetterListResponseSchema, TransparencyResponseSchema } from '../../schemas/firewall';
import type { RecipientType, SafeChannel } from '../../schemas/report';
import type { ProtectedReadReason, ReasonCode } from '../../schemas/reason-codes';

/** A queue entry: routing metadata, plus the victim's pause, unread reply and last look (the receipt channel). */
export type QueueEntry = z.output<typeof QueueEntrySchema>;
export type QueueList = z.output<typeof QueueListResponseSchema>;
export type StaffReportResponse = z.output<typeof StaffReportResponseSchema>;
export type StaffReport = StaffReportResponse['report'];
export type ReportBody = StaffReport['body'];
export type SafeContactPlan = ReportBody['safeContact'];
export type ProtectedSection = z.output<typeof ProtectedResponseSchema>;
export type ContactAttempt = z.output<typeof ContactAttemptRequestSchema>;
export type ContactChannel = ContactAttempt['channel'];
export type ContactResult = ContactAttempt['result'];
export type Outcome = z.output<typeof OutcomeRequestSchema>['outcome'];
export type LeaseResponse = z.output<typeof LeaseResponseSchema>;
export type AuditList = z.output<typeof AuditListResponseSchema>;
export type AuditRecord = AuditList['records'][number];
export type DeadLetters = z.output<typeof DeadLetterListResponseSchema>;
export type Transparency = z.output<typeof TransparencyResponseSchema>;
export type ConsentWithdrawn = z.output<typeof ConsentWithdrawalResponseSchema>;
export type { RecipientType, SafeChannel };

export const CHANNEL_LABELS: Record<ContactChannel, string> = {
  phone: 'Phone call',
  sms: 'Text message (SMS)',
  email: 'Email',
  'via-charity': 'Through the charity they named',
};

export const SAFE_CHANNEL_LABELS: Record<SafeChannel, string> = { ...CHANNEL_LABELS, 'site-messages': 'Messages on the reporting site', none: 'No contact' };

export const RESULT_LABELS: Record<ContactResult, string> = {
  reached: 'Spoke to the victim',
  'no-answer': 'No answer',
  'someone-else-answered': 'Someone else answered',
  'message-sent': 'Message sent',
  'message-left-with-charity': 'Message left with the charity',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  'referred-to-support': 'Referred to support',
  'crime-recorded': 'Crime recorded',
  'safeguarding-plan-agreed': 'Safeguarding plan agreed',
  'victim-declined-further-contact': 'Victim declined further contact',
  'unable-to-contact': 'Unable to contact',
  'duplicate-report': 'Duplicate report',
  'no-further-action': 'No further action',
};

export const RECIPIENT_LABELS: Record<RecipientType, string> = {
  idva: 'Independent domestic violence adviser (IDVA)',
  'local-da-service': 'Local domestic abuse service',
  'by-and-for-service': '“By and for” specialist service',
  'victim-care-unit': 'Victim care unit',
};

export const STATUS_LABELS: Record<StaffReport['status'], string> = {
  received: 'Received',
  'in-review': 'In review',
  'contact-attempted': 'Contact attempted',
  closed: 'Closed',
};

export const WEEKDAY_LABELS: Record<SafeContactPlan['days'][number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export const TIME_LABELS: Record<SafeContactPlan['times'][number], string> = {
  morning: 'Morning (6am to noon)',
  afternoon: 'Afternoon (noon to 5pm)',
  evening: 'Evening (5pm to 9pm)',
  night: 'Night (9pm to 6am)',
};

export const SOMEONE_ELSE_LABELS: Record<SafeContactPlan['ifSomeoneElseAnswers'], string> = {
  'hang-up': 'Hang up',
  'say-wrong-number': 'Say it is a wrong number',
  'ask-for-name-to-use': 'Ask for the name to use',
};

/** A code shown as words: `threat-to-kill` → `threat to kill`. */
export function words(code: string): string {
  return code.replace(/-/g, ' ');
}

/** Why the protected section is opened, as the code the audit trail counts (the words beside it are sealed). */
export const PROTECTED_READ_REASON_LABELS: Record<ProtectedReadReason, string> = {
  'safeguarding-assessment': 'Safeguarding assessment',
  'support-referral-planning': 'Planning a referral to support',
  'victim-asked': 'The victim asked us to use it',
  'safe-contact-planning': 'Planning safe contact',
  'supervisor-review': 'Supervisor review',
  other: 'Another reason (say below)',
};

/** Every reason code the audit trail may show. */
export const REASON_CODE_LABELS: Record<ReasonCode, string> = {
  ...PROTECTED_READ_REASON_LABELS,
  'risk-to-victim': 'Risk to the victim',
  'risk-to-others': 'Risk to others',
  'bail-or-order-check': 'Bail or order check',
  'suspect-identification': 'Identifying the suspect',
};
