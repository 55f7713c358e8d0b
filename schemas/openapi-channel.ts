/**
 * OpenAPI paths of the victim's receipt channel, registered into
 * the force API document by schemas/openapi.ts: the victim's routes (the
 * receipt always in the body) and the staff routes of the thread.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  ConsentChangeRequestSchema,
  ConsentChangeResultSchema,
  MessagePostedSchema,
  NewReceiptSchema,
  PauseRequestSchema,
  PauseStateSchema,
  ReceiptRequestSchema,
  ReplyRequestSchema,
  SafeContactChangeRequestSchema,
  StaffMessageRequestSchema,
  StaffThreadSchema,
  VictimThreadSchema,
} from './channel';
import { jsonBody as body, ok, problem } from './openapi-parts';
import { ReportIdPathSchema } from './queue';

/** What every victim route may answer besides success. */
const RECEIPT_REFUSALS = {
  400: problem('Fields at fault, by path; values are never repeated'),
  404: problem('No report matches that receipt: one answer for wrong, unknown and rotated receipts'),
  429: problem('Too many failed look-ups from this caller, or of this receipt; see Retry-After'),
  503: problem('The report kept changing meanwhile; try again'),
};

const STAFF_REFUSALS = {
  400: problem('Parameters or fields at fault, by name; values are never repeated'),
  401: problem('No valid token for this force (answered by the API’s JWT authorizer)'),
  403: problem('Not the lease holder or a supervisor of this force; the refusal is audited'),
  404: problem('No report with that id in this force'),
  409: problem('The lease expired or the report was reassigned meanwhile'),
};

/** Registers the channel's paths. */
export function registerChannel(registry: OpenAPIRegistry): void {
  const victim = (path: string, summary: string, description: string, request: Parameters<typeof body>[0], responses: Record<number, unknown>) =>
    registry.registerPath({ method: 'post', path, summary, description, tags: ['receipt channel'], request: { ...body(request) }, responses: { ...responses, ...RECEIPT_REFUSALS } as never });

  victim('/reports/thread', 'Read the report’s thread by receipt',
    'Status, pause, when staff last read the thread, consents, and the messages (oldest first, at most 200). Nothing is ever pushed to the victim: they pull. Recorded on the audit trail as the victim’s look; the queue shows when they last looked.',
    ReceiptRequestSchema, { 200: ok('The thread', VictimThreadSchema) });
  victim('/reports/thread/replies', 'Reply in the thread',
    'Sealed under the report key as `account`; the queue shows an unread reply until staff read the thread.',
    ReplyRequestSchema, { 201: ok('Reply stored', MessagePostedSchema) });
  victim('/reports/pause', '"Not safe now": pause all contact, or lift the pause',
    'While paused, every contact attempt on every channel is refused (409 naming the pause); messages can still be left. At most 30 days ahead.',
    PauseRequestSchema, { 200: ok('The pause now', PauseStateSchema) });
  victim('/reports/safe-contact', 'Replace the safe-contact plan',
    'Every later contact attempt is checked against the new plan.',
    SafeContactChangeRequestSchema, { 204: { description: 'Plan replaced' } });
  victim('/reports/consents', 'Give or withdraw referral consent, per kind of service',
    'A kind of service given that was not given before is referred exactly as the intake would have referred it (the same charity matching; delivered by the referral dispatcher as a signed webhook). A kind already given changes nothing (the web form posts every ticked kind as given), and a kind with a referral still pending, parked or delivered is not referred again, so giving the same consent twice (or a retry) makes one referral. Withdrawal stops the referrals of that kind not yet delivered, as POST /reports/{reportId}/consent-withdrawals does, and says how many a charity already has. Give, withdraw, give: the second gift makes a new referral if the first was stopped before delivery, and none if a charity already has it. The consents, the referrals made and stopped, and the audit record (kinds and counts, never a charity) land together or not at all.',
    ConsentChangeRequestSchema, { 200: ok('Consents now, and referrals made and stopped', ConsentChangeResultSchema) });
  victim('/reports/receipt', 'Swap the receipt for a new one',
    'The old receipt stops at once for every route and then answers exactly like one that never existed; the new one is shown in this answer only.',
    ReceiptRequestSchema, { 201: ok('The new receipt', NewReceiptSchema) });

  const bearer = { staffToken: [] };
  registry.registerPath({
    method: 'post',
    path: '/reports/{reportId}/messages',
    summary: 'Leave a message for the victim',
    description: 'Lease holder or supervisor. Sealed under the report key as `staff-message`; the victim sees it the next time they look. Allowed while the victim has paused contact: a pulled message is not a contact attempt.',
    tags: ['receipt channel'],
    security: [bearer],
    request: { params: ReportIdPathSchema, ...body(StaffMessageRequestSchema) },
    responses: { 201: ok('Message stored', MessagePostedSchema), ...STAFF_REFUSALS },
  });
  registry.registerPath({
    method: 'get',
    path: '/reports/{reportId}/messages',
    summary: 'Read the thread',
    description: 'Lease holder or supervisor; audited as a consultation before the thread is returned. Clears the unread-reply flag; the victim sees when staff last read.',
    tags: ['receipt channel'],
    security: [bearer],
    request: { params: ReportIdPathSchema },
    responses: { 200: ok('The thread', StaffThreadSchema), ...STAFF_REFUSALS },
  });
}
