/**
 * Report submissions for tests, posting one to a running force API, and an API Gateway v2 event builder.
 */
import { expect } from 'vitest';
export { lambdaContext } from '../../scripts/local/lambda-http-bridge';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ReportSubmissionInput } from '../../schemas/report';

/** A complete, valid submission whose every free-text value carries `canary`. */
export function fullSubmission(canary = 'CANARY'): ReportSubmissionInput {
  return {
    reporter: { type: 'victim' },
    incident: {
      kind: 'domestic-abuse',
      occurredOn: '2026-11-20',
      ongoing: 'yes',
      postcode: 'S1 2HE',
      location: `at home ${canary}-location`,
      account: `He pushed me down the stairs ${canary}-account`,
    },
    victim: { anonymous: false, name: `Amina ${canary}-name`, dateOfBirth: '1990-01-02' },
    suspect: {
      name: `Karl ${canary}-suspect`,
      relationship: 'partner',
      description: `He keeps my passport, my visa depends on him ${canary}-description`,
      livesWithVictim: 'yes',
    },
    risk: { answers: { 'current-injury': 'yes', 'very-frightened': 'dont-know', isolated: 'no' } },
    safeContact: {
      channels: ['phone'],
      phone: '07700 900123',
      days: ['mon', 'tue'],
      times: ['morning'],
      voicemailOk: false,
      smsOk: false,
      nameToUse: `Ami ${canary}-nametouse`,
      safeWord: `bluebell ${canary}-safeword`,
      ifSomeoneElseAnswers: 'say-wrong-number',
      devicesMayBeMonitored: 'no',
    },
    support: { language: 'pl', interpreterNeeded: true, accessibility: ['easy-read'] },
    consent: { idva: true, localDaService: true },
    immigration: {
      status: 'spouse-or-partner-visa',
      visaDependentOnAbuser: 'yes',
      documentsHeldByAbuser: 'yes',
      noRecourseToPublicFunds: 'yes',
      nationality: `${canary}-nationality`,
      countryOfBirth: `${canary}-country`,
      notes: `my passport is with him ${canary}-immigration-notes`,
    },
  };
}

/** The smallest valid submission. */
export function minimalSubmission(): ReportSubmissionInput {
  return {
    reporter: { type: 'victim' },
    incident: { kind: 'domestic-abuse', account: 'He shouted at me.' },
    safeContact: { channels: ['none'], devicesMayBeMonitored: 'yes' },
  };
}

/**
 * A victim's report as the console tests work it: a red-flag risk answer, contact only through a charity,
 * an interpreter need and consent to an Idva referral. `sections` replaces whole sections.
 *
 * @example
 * consoleSubmission('He took my phone.', { support: { language: 'pl', interpreterNeeded: true } });
 */
export function consoleSubmission(account: string, sections: Partial<ReportSubmissionInput> = {}): ReportSubmissionInput {
  return {
    reporter: { type: 'victim' },
    incident: { kind: 'domestic-abuse', account },
    risk: { answers: { 'threat-to-kill': 'yes' } },
    safeContact: { channels: ['via-charity'], viaCharityName: 'Local refuge', devicesMayBeMonitored: 'dont-know', nameToUse: 'Noor' },
    support: { language: 'ar', interpreterNeeded: true },
    consent: { idva: true },
    ...sections,
  };
}

/**
 * Sends `submission` to a running force API (`POST /reports` with a fresh Idempotency-Key), as the web form
 * would, and fails the test unless it was stored (201).
 *
 * @example
 * await postReport(force.url, consoleSubmission('He took my phone.'));
 */
export async function postReport(apiUrl: string, submission: ReportSubmissionInput): Promise<void> {
  const response = await fetch(`${apiUrl}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(submission),
  });
  expect(response.status).toBe(201);
}

/** An HTTP API payload-v2 event, as API Gateway would send it. */
export function httpEvent(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; sourceIp?: string; isBase64Encoded?: boolean } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test.local',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '192.0.2.1', userAgent: 'vitest' },
      requestId: crypto.randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}
