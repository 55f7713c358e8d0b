/**
 * Officer-initiated suspect checks against an enforcement-purpose
 * integration. Never automated: a supervisor asks, with a justification and
 * a legal basis, and the request is recorded before anything leaves.
 *
 * Three layers stand between a report and the integration:
 * 1. type and projection: the payload is built from structured suspect
 *    identifiers only (never the suspect description, the account or any
 *    other text the victim wrote), plus those the officer types or confirms;
 * 2. a strict zod schema at build time AND again in the dispatcher;
 * 3. the last-line guard: the serialised payload is scanned for every value
 *    of the report's excluded classes (protected section, identity, contact,
 *    account…) and the configured canaries.
 *
 * Everything the officer typed (identifiers and justification) is screened
 * first, field by field, against every value of every class enforcement may
 * never receive, and refused naming the field. The justification is then
 * kept only sealed in the audit trail, with its reason code in plaintext.
 *
 * This step never opens the protected section: it screens against the
 * report-key classes itself and asks the protected screen (a
 * safeguarding-purpose function, functions/domain/enforcement/protected-screen.ts)
 * which typed fields, and whether the payload, match a protected-immigration
 * value; the screen answers field paths only. If the screen cannot answer,
 * the check is refused and nothing is stored or sent. It sends nothing
 * itself: the payload goes to the enforcement dispatcher, a separate
 * function with no key rights at all.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { ReportCipher } from '../report';
import { LEGAL_BASES, SuspectCheckRequestSchema, type SuspectCheckRequest } from '../../../schemas/firewall';
import {
  buildSuspectCheck,
  SUSPECT_CHECK_PROJECTION,
  SuspectCheckPayloadSchema,
  type OfficerSuspectIdentifiers,
  type SuspectCheckPayload,
} from '../policy/contracts';
import type { DisclosureLog } from '../policy/disclosure';
import { assertNoForbiddenValues, canaryValues, forbiddenValues, payloadFields, ProtectedValueLeakError, TypedTextRefusedError, typedTextHits } from '../policy/guard';
import type { ProtectedScreen } from './protected-screen';
import type { IntegrationDirectory, SigningSecrets } from '../referrals/directory';
import type { WebhookSender } from '../referrals/dispatch';
import type { SealedReportReader } from '../referrals/outbox';
import { signWebhook } from '../webhooks/signature';
import { DomainError, ReportNotFoundError } from '../errors';

export { LEGAL_BASES, SuspectCheckRequestSchema, type SuspectCheckRequest };

/** What the request step hands to the enforcement dispatcher. */
export interface EnforcementDispatch {
  integrationId: string;
  payload: SuspectCheckPayload;
}

/** Hands a screened payload to the enforcement dispatcher function. */
export interface EnforcementChannel {
  send(dispatch: EnforcementDispatch): Promise<void>;
}

export class UnknownIntegrationError extends DomainError {
  constructor(readonly integrationId: string) {
    super(`no enforcement integration ${integrationId}`);
    this.name = 'UnknownIntegrationError';
  }
}

export interface SuspectCheckDeps {
  forceId: string;
  reports: SealedReportReader;
  cipher: ReportCipher;
  directory: IntegrationDirectory;
  disclosures: DisclosureLog;
  channel: EnforcementChannel;
  /** Answers which texts match a protected-immigration value of the report (this step holds no safeguarding key). */
  screen: ProtectedScreen;
  now?: () => Date;
}

/**
 * @example
 * const { disclosureId } = await requestSuspectCheck(deps, { reportId, officer: staff.actor, role: staff.role, request });
 */
export async function requestSuspectCheck(
  deps: SuspectCheckDeps,
  input: { reportId: string; officer: string; role?: string; request: SuspectCheckRequest },
): Promise<{ disclosureId: string }> {
  const now = (deps.now ?? (() => new Date()))();
  const integration = deps.directory.enforcementIntegrations.find((candidate) => candidate.id === input.request.integrationId);
  if (!integration) throw new UnknownIntegrationError(input.request.integrationId);
  const sealed = await deps.reports.sealedReport(input.reportId);
  if (!sealed || sealed.routing.forceId !== deps.forceId) throw new ReportNotFoundError();
  const context = { forceId: deps.forceId, reportId: input.reportId };
  const body = await deps.cipher.openBody(sealed.sealedBody, context);
  // The report-key classes (identity, contact, account…) and the canaries, screened here; the body holds no protected section.
  const forbidden = forbiddenValues(body, 'enforcement', deps.directory.canaries);
  // What the officer typed, field by field, before anything is built, stored or sent: here, and by the protected screen.
  const typed = definedFields(typedFields(input.request));
  const local = typedTextHits(typed, forbidden);
  const screened = await deps.screen.screen(input.reportId, typed);
  if (local.fields.length > 0 || screened.length > 0) {
    const fields = Object.keys(typed).filter((field) => local.fields.includes(field) || screened.includes(field));
    throw new TypedTextRefusedError(fields, [...local.dataClasses, ...(screened.length > 0 ? (['protected-immigration'] as const) : [])]);
  }

  const disclosureId = randomUUID();
  const payload = buildSuspectCheck(body, { disclosureId, forceId: deps.forceId, requestedAt: now.toISOString() }, input.request.suspect);
  const serialised = JSON.stringify(payload);
  assertNoForbiddenValues(serialised, forbidden, 'enforcement');
  // The last-line guard for the protected class: the screen sees the bytes that would go out.
  if ((await deps.screen.screen(input.reportId, payloadFields(serialised))).length > 0) throw new ProtectedValueLeakError('enforcement', ['protected-immigration']);

  await deps.disclosures.record({
    disclosureId,
    forceId: deps.forceId,
    reportId: input.reportId,
    purpose: 'enforcement',
    legalBasis: input.request.legalBasis,
    actor: input.officer,
    ...(input.role ? { role: input.role } : {}),
    recipient: integration.id,
    dataClasses: [...SUSPECT_CHECK_PROJECTION.dataClasses],
    contract: integration.payloadContract,
    reasonCode: input.request.reasonCode,
    // Screened against every class above, so the report key is the most protected it may touch.
    justification: input.request.justification,
    at: now.toISOString(),
  });
  await deps.channel.send({ integrationId: integration.id, payload });
  return { disclosureId };
}

/** Every text the officer typed, by field path: what the screens check. */
function typedFields(request: SuspectCheckRequest): Record<string, string | undefined> {
  const suspect: OfficerSuspectIdentifiers = request.suspect ?? {};
  return {
    justification: request.justification,
    'suspect.name': suspect.name,
    ...Object.fromEntries((suspect.aliases ?? []).map((alias, index) => [`suspect.aliases.${index}`, alias])),
    'suspect.dateOfBirth': suspect.dateOfBirth,
  };
}

function definedFields(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Raised when the integration did not accept the payload; Lambda's async retry and failure destination take over. */
export class EnforcementDeliveryError extends DomainError {
  constructor(readonly failure: string) {
    super(`enforcement delivery failed: ${failure}`);
    this.name = 'EnforcementDeliveryError';
  }
}

/**
 * The enforcement dispatcher's work: re-validate strictly (an unknown key is
 * refused, even one added by a bug upstream), scan for canaries, sign, send.
 * It holds no report key and could not open a report if it tried.
 *
 * @example
 * await dispatchSuspectCheck({ directory, secrets, sender }, event);
 */
export async function dispatchSuspectCheck(
  deps: { directory: IntegrationDirectory; secrets: SigningSecrets; sender: WebhookSender; now?: () => Date },
  dispatch: unknown,
): Promise<void> {
  const { integrationId, payload: raw } = z.object({ integrationId: z.string(), payload: z.unknown() }).strict().parse(dispatch);
  const integration = deps.directory.enforcementIntegrations.find((candidate) => candidate.id === integrationId);
  if (!integration) throw new UnknownIntegrationError(integrationId);
  const payload = SuspectCheckPayloadSchema.parse(raw);
  const body = JSON.stringify(payload);
  assertNoForbiddenValues(body, canaryValues(deps.directory.canaries), 'enforcement');
  const secret = await deps.secrets.secretFor(integration.id);
  const headers = signWebhook(secret, { id: payload.disclosureId, body, now: (deps.now ?? (() => new Date()))() });
  let status: number;
  try {
    status = await deps.sender.post(integration.endpoint, body, headers);
  } catch (error) {
    throw new EnforcementDeliveryError((error as Error).name === 'TimeoutError' ? 'timeout' : 'network');
  }
  if (status < 200 || status > 299) throw new EnforcementDeliveryError(`http-${status}`);
}
