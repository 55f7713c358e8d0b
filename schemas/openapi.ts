/**
 * The OpenAPI 3.1 document, generated from the zod contracts so the
 * published API cannot drift from what the handlers validate.
 * `npm run openapi` writes it to docs/openapi.json; a test checks it is current.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { DATA_CLASS_DESCRIPTIONS } from './data-class';
import { ReportSubmissionSchema } from './report';
import { jsonBody, problem } from './openapi-parts';
import { registerQueue } from './openapi-queue';
import { registerFirewall } from './openapi-firewall';
import { registerChannel } from './openapi-channel';
import { ProblemSchema, ReportReceiptResponseSchema, StatusLookupRequestSchema, StatusLookupResponseSchema } from './responses';
import { FORM_FIELDS } from './form-fields';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency';

/**
 * The reference web form's post without JavaScript: the JSON body's fields
 * flattened to dotted names, repeated for lists, plus the `journey.*` fields
 * that steer the form. Validated by the same contract once unflattened.
 */
const FormPostSchema = z
  .object(Object.fromEntries(FORM_FIELDS.map((name) => [name, z.union([z.string(), z.array(z.string())]).optional()])))
  .strict()
  .openapi('ReportFormPost', {
    description:
      'The report as the reference web form posts it (application/x-www-form-urlencoded): each field of ReportSubmission ' +
      'under its dotted path (e.g. `incident.account`, `risk.answers.strangulation`), repeated for lists. A body with ' +
      '`journey.*` fields is a page of the form and is answered with an HTML page; any other is answered as the JSON API.',
  });


/** Paths beyond the intake spine register themselves here (see registerPaths). */
export type PathRegistrar = (registry: OpenAPIRegistry) => void;

function registerIntake(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/reports',
    summary: 'Submit a report',
    description:
      'Validates, risk-scores, encrypts and stores a report, and places it in the force queue. ' +
      'Answers with the receipt code, the victim’s only credential for a status look-up.',
    request: {
      headers: z.object({
        'Idempotency-Key': z
          .string()
          .regex(IDEMPOTENCY_KEY_PATTERN)
          .optional()
          .openapi({
            description:
              'Send the same key when retrying: one report is stored and the same receipt returned. If the victim has since replaced that receipt (POST /reports/receipt), the retry answers 409 `receipt-replaced` instead: the report was received, and neither the first receipt (it no longer works) nor the newest (whoever replays the key may not be the victim) is returned.',
          }),
      }),
      body: {
        required: true,
        content: { 'application/json': { schema: ReportSubmissionSchema }, 'application/x-www-form-urlencoded': { schema: FormPostSchema } },
      },
    },
    responses: {
      200: {
        description: 'A web form post (a body with `journey.*` fields) was stored: the confirmation page with the receipt',
        content: { 'text/html': { schema: z.string() } },
      },
      201: { description: 'Report stored', content: { 'application/json': { schema: ReportReceiptResponseSchema } } },
      400: {
        description: 'Fields at fault, by path; submitted values are never repeated (a web form post gets the page again with its error summary)',
        content: { 'application/problem+json': { schema: ProblemSchema }, 'text/html': { schema: z.string() } },
      },
      403: {
        description: 'A form post from another website (`Sec-Fetch-Site`, else `Origin`): nothing stored, and a page that starts the form afresh',
        content: { 'text/html': { schema: z.string() } },
      },
      409: problem(
        'The Idempotency-Key was used for a different report (`idempotency-key-reused`), or is still in progress (`submission-in-progress`, see Retry-After), ' +
          'or names a report that was received and whose receipt has since been replaced (`receipt-replaced`: use the newest receipt; no receipt is returned, and a web form post gets a "Report sent" page with no receipt and no answers)',
      ),
      413: problem('Body too large'),
      415: problem('Content type not supported'),
      503: problem('Store briefly unavailable; retry with the same Idempotency-Key'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/reports/status',
    summary: 'Check a report by receipt',
    description: 'The receipt travels in the body, never in the URL. Wrong and unknown receipts get the same 404.',
    request: { ...jsonBody(StatusLookupRequestSchema) },
    responses: {
      200: { description: 'Coarse status', content: { 'application/json': { schema: StatusLookupResponseSchema } } },
      400: problem('Fields at fault'),
      404: problem('No report matches that receipt'),
      429: problem('Too many failed look-ups; see Retry-After'),
    },
  });
}

/** Every part of the API that documents itself. */
export const PATH_REGISTRARS: PathRegistrar[] = [registerIntake, registerQueue, registerFirewall, registerChannel];

/**
 * @example
 * const document = buildOpenApiDocument();
 * writeFileSync('docs/openapi.json', JSON.stringify(document, null, 2));
 */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  for (const register of PATH_REGISTRARS) register(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'safe-pathway force API',
      version: '0.1.0',
      description:
        'Safe online reporting for victims of domestic abuse, one API per police force. Every field of a report ' +
        'carries its data class in `x-data-class`:\n\n' +
        Object.entries(DATA_CLASS_DESCRIPTIONS)
          .map(([name, description]) => `- \`${name}\`: ${description}`)
          .join('\n'),
    },
  });
}
