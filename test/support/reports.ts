/**
 * Report submissions for tests, and an API Gateway v2 event builder.
 */
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
