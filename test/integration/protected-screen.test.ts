/**
 * The protected screen end to end, against DynamoDB Local: the
 * safeguarding-purpose screen function answers which field paths match a
 * protected value of the report and never a value; the suspect check, asking
 * it the AWS way (a Lambda Invoke to a real local HTTP server standing in for
 * the Lambda API, which runs the screen's own handler), still refuses typed
 * protected values with 422 naming the field; and when the screen errors or
 * does not answer in time, the check answers 503 with nothing stored or sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import type { ReportSubmissionInput } from '../../schemas/report';
import { expectTypedTextRefused, setUpFirewallForce, storeReport, type FirewallFixture } from '../support/firewall-fixture';
import { auditItemsOf, claimsFor, withStaffToken } from '../support/staff';
import { fullSubmission, httpEvent, lambdaContext } from '../support/reports';

type ScreenHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<{ matches: string[] }>;
type HttpHandler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

let fixture: FirewallFixture;
let screenHandler: ScreenHandler;
let suspectCheck: HttpHandler;
let lambdaApi: Server;
/** How the stand-in Lambda API answers: run the screen, fail it, or never answer. */
let mode: 'screen' | 'function-error' | 'hang' = 'screen';
const invoked: string[] = [];

const store = (input: ReportSubmissionInput) => storeReport(fixture, input);

const justification = {
  integrationId: 'pnc-check',
  legalBasis: 'dpa-2018-s35-strictly-necessary',
  reasonCode: 'bail-or-order-check',
  justification: 'Suspect named in a high-risk report; checking for bail conditions.',
};

async function requestCheck(reportId: string, body: unknown, timeoutMs = 10_000) {
  const event = httpEvent('POST', `/reports/${reportId}/suspect-checks`, { body: JSON.stringify(body) });
  event.pathParameters = { reportId };
  withStaffToken(event, claimsFor({ issuer: fixture.issuer, audience: fixture.audience, roles: ['supervisor'], sub: 'officer-9' }) as Record<string, string>);
  const result = (await suspectCheck(event, lambdaContext('suspect-check', timeoutMs))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: result.body ?? '' };
}

/** A real HTTP server speaking the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`). */
function startLambdaApi(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      invoked.push(`${request.method} ${request.url}`);
      if (mode === 'hang') return;
      if (mode === 'function-error') {
        response.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Function-Error': 'Unhandled' });
        response.end(JSON.stringify({ errorType: 'Error', errorMessage: 'failed' }));
        return;
      }
      screenHandler(JSON.parse(Buffer.concat(chunks).toString('utf8')), lambdaContext('protected-screen', 5_000)).then(
        (answer) => {
          response.writeHead(200, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify(answer));
        },
        (error: Error) => {
          response.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Function-Error': 'Unhandled' });
          response.end(JSON.stringify({ errorType: error.name, errorMessage: error.message }));
        },
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  fixture = await setUpFirewallForce();
  ({ handler: screenHandler } = (await import('../../functions/protected-screen/handler')) as unknown as { handler: ScreenHandler });
  ({ handler: suspectCheck } = (await import('../../functions/suspect-check/handler')) as unknown as { handler: HttpHandler });
  lambdaApi = await startLambdaApi();
});
afterEach(() => {
  mode = 'screen';
  delete process.env.PROTECTED_SCREEN_FUNCTION;
});
afterAll(async () => {
  lambdaApi.closeAllConnections();
  await new Promise((resolve) => lambdaApi.close(resolve));
  await fixture.receiver.close();
});

describe('the protected screen function', () => {
  it('answers the field paths that match a protected value of the report, and never a value', async () => {
    const canary = 'CANARYPSI1';
    const reportId = await store(fullSubmission(canary));
    const answer = await screenHandler(
      {
        reportId,
        values: {
          justification: `The victim is ${canary}-nationality, he says`,
          'suspect.name': 'Karl Smith',
          'suspect.aliases.0': `${canary}-COUNTRY`,
          'suspect.aliases.1': `Amina ${canary}-name`,
        },
      },
      lambdaContext('protected-screen', 5_000),
    );
    expect(answer).toEqual({ matches: ['justification', 'suspect.aliases.0'] });
    expect(JSON.stringify(answer)).not.toContain(canary);
  });

  it('screens nothing from a removed (shredded) protected section', async () => {
    const canary = 'CANARYPSI2';
    const reportId = await store(fullSubmission(canary));
    const values = { justification: `The victim is ${canary}-nationality` };
    expect(await screenHandler({ reportId, values }, lambdaContext())).toEqual({ matches: ['justification'] });
    await fixture.force.dynamo.document.send(new UpdateCommand({ TableName: fixture.force.tableName, Key: keys.report(reportId), UpdateExpression: 'REMOVE #protected', ExpressionAttributeNames: { '#protected': 'protected' } }));
    expect(await screenHandler({ reportId, values }, lambdaContext())).toEqual({ matches: [] });
  });

  it('refuses a request out of contract with an error that quotes nothing', async () => {
    const reportId = await store(fullSubmission('CANARYPSI3'));
    for (const event of [{ reportId, values: { 'Amina Smith': 'CANARYPSI3-nationality' } }, { reportId, values: {}, extra: 'CANARYPSI3-nationality' }, { reportId: 'x', values: {} }]) {
      const error = await screenHandler(event, lambdaContext()).catch((caught: unknown) => caught as Error);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain('CANARYPSI3');
      expect((error as Error).message).not.toContain('Amina');
    }
  });
});

describe('the suspect check asking the screen by Lambda invoke', () => {
  const lambdaEnv = () => {
    Object.assign(process.env, {
      PROTECTED_SCREEN_FUNCTION: 'safe-pathway-protected-screen',
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambdaApi.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    });
  };

  it('still refuses typed text equal to or containing a protected value with 422 naming the field, and sends an honest check', async () => {
    lambdaEnv();
    const canary = 'CANARYPSI4';
    const reportId = await store(fullSubmission(canary));
    const requestsBefore = fixture.receiver.requests.length;
    const invokesBefore = invoked.length;
    for (const [body, field] of [
      [{ ...justification, suspect: { aliases: ['Kal', `${canary}-nationality`] } }, 'suspect.aliases.1'],
      [{ ...justification, justification: `Checking him; the victim is from ${canary}-country, says the report` }, 'justification'],
    ] as const) {
      expectTypedTextRefused(await requestCheck(reportId, body), field, canary);
    }
    expect(fixture.receiver.requests.length).toBe(requestsBefore);
    // Each refusal is on the report's trail, naming the officer, with no class and no value.
    const refusals = (await auditItemsOf(fixture.force, reportId)).filter((item) => item.action === 'refusal');
    expect(refusals).toEqual(Array(2).fill(expect.objectContaining({ operation: 'suspect-check', actor: 'officer-9', role: 'supervisor', purpose: 'investigation', dataClasses: [], reason: 'typed-text-refused' })));
    expect(JSON.stringify(refusals)).not.toContain(canary);
    // Each refusal asked the screen function, by the Lambda Invoke API.
    expect(invoked.slice(invokesBefore)).toEqual(Array(2).fill('POST /2015-03-31/functions/safe-pathway-protected-screen/invocations'));
    const accepted = await requestCheck(reportId, justification);
    expect(accepted.status).toBe(202);
    // Typed fields, then the payload: two questions for one honest check.
    expect(invoked.length - invokesBefore).toBe(4);
  });

  it('answers 503 with nothing stored or sent when the screen errors or does not answer within the remaining time', async () => {
    lambdaEnv();
    const reportId = await store(fullSubmission('CANARYPSI5'));
    const requestsBefore = fixture.receiver.requests.length;
    const auditBefore = (await auditItemsOf(fixture.force, reportId)).length;
    mode = 'function-error';
    const failed = await requestCheck(reportId, justification);
    expect(failed.status).toBe(503);
    mode = 'hang';
    const started = Date.now();
    const timedOut = await requestCheck(reportId, justification, 2_000);
    expect(timedOut.status).toBe(503);
    // Bounded by the caller's remaining time (2 s), less the margin to answer.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fixture.receiver.requests.length).toBe(requestsBefore);
    expect((await auditItemsOf(fixture.force, reportId)).filter((item) => item.action === 'disclosure')).toEqual([]);
    expect((await auditItemsOf(fixture.force, reportId)).length).toBe(auditBefore);
  });
});
