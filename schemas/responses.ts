/**
 * Contracts of what the API answers, and of the status look-up request.
 */
import * as z from 'zod';
import './data-class';

/** The coarse status a victim sees through the receipt look-up. */
export const REPORT_STATUSES = ['received', 'in-review', 'contact-attempted', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const ReportReceiptResponseSchema = z
  .object({
    receipt: z.string().regex(/^\d{4} \d{4} \d{4} \d{4}$/).openapi({
      description: 'The victim’s receipt code: 16 digits grouped like a phone number. Shown once; never stored in plaintext.',
      example: '0387 1123 5582 9021',
    }),
    message: z.string(),
    emergencyAdvice: z
      .string()
      .optional()
      .openapi({ description: 'Present when a red flag was raised: the 999 / Silent Solution prompt to show at once.' }),
  })
  .openapi('ReportReceipt');
export type ReportReceiptResponse = z.infer<typeof ReportReceiptResponseSchema>;

export const StatusLookupRequestSchema = z
  .object({
    receipt: z.string().max(64).openapi({ description: 'The receipt code, spaces and dashes allowed.', example: '0387 1123 5582 9021' }),
  })
  .strict()
  .openapi('StatusLookupRequest');

export const StatusLookupResponseSchema = z
  .object({
    status: z.enum(REPORT_STATUSES).openapi({ description: 'The coarse status of the report.' }),
  })
  .openapi('StatusLookupResponse');
export type StatusLookupResponse = z.infer<typeof StatusLookupResponseSchema>;

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'The fields at fault and the rule each broke. Submitted values are never repeated.' }),
  })
  .openapi('Problem');
