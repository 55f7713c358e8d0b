/**
 * The force's integration directory as configuration: charities, enforcement
 * integrations and canaries. The CDK stack checks a force's
 * `infra/forces/<code>.json` against it at synth and passes it to the
 * functions as `INTEGRATIONS`, which parse it again at start
 * (functions/adapters/integrations.ts).
 */
import * as z from 'zod';
import { RECIPIENT_TYPES } from './report';

/** HTTPS, or plain HTTP to this machine only (the local system's test receiver). */
const endpoint = z.url().refine((url) => {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname));
}, 'must be an https URL (plain http only to localhost)');

/**
 * @example
 * IntegrationDirectorySchema.parse({ charities: [], enforcementIntegrations: [], canaries: [] });
 */
export const IntegrationDirectorySchema = z
  .object({
    charities: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]{2,48}$/),
          name: z.string().min(2).max(120),
          recipientTypes: z.array(z.enum(RECIPIENT_TYPES)).min(1),
          servicesOffered: z.array(z.string()).default([]),
          areasServed: z.array(z.string().regex(/^[A-Z]{1,2}$/)).min(1),
          languages: z.array(z.string()).min(1),
          webhookUrl: endpoint,
          byAndFor: z.boolean().default(false),
        }),
      )
      .default([]),
    enforcementIntegrations: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]{2,48}$/),
          purpose: z.literal('enforcement'),
          endpoint,
          payloadContract: z.literal('suspect-check@v2'),
        }),
      )
      .default([]),
    canaries: z.array(z.string().min(6)).default([]),
  })
  .strict();
