/**
 * Maps the queue desk's domain errors to HTTP problems. Runs before
 * `httpProblems`, which serialises and logs them by code only.
 */
import type { MiddlewareObj } from '@middy/core';
import { InvalidCursorError } from '../adapters/dynamodb/cursor';
import { CONTACT_REFUSAL_REASONS } from '../domain/contact-policy/contact-policy';
import { ContactRefusedError, ReportAccessRefusedError, ReportNotFoundError, WorkConflictError } from '../domain/queue/queue-desk';
import { ForbiddenProblem } from '../middleware/authorise';
import { HttpProblem, NotFoundProblem, ServiceUnavailableProblem, ValidationProblem } from '../middleware/problems';
import { WorkContentionError } from '../domain/queue/queue-store';
import { NoParkedReferralError } from '../domain/referrals/redrive';

/** 409: the safe-contact plan does not allow this attempt; `errors` gives every reason, by code. */
export class ContactNotAllowedProblem extends HttpProblem {
  constructor(reasons: readonly (keyof typeof CONTACT_REFUSAL_REASONS)[], pausedUntil?: string) {
    super(
      409,
      'The victim’s safe-contact plan does not allow this contact',
      'contact-not-allowed',
      reasons.map((reason) => ({
        path: reason === 'voicemail-not-allowed' ? 'leaveVoicemail' : 'channel',
        message: `${reason}: ${CONTACT_REFUSAL_REASONS[reason]}${reason === 'contact-paused' && pausedUntil ? ` (paused until ${pausedUntil})` : ''}`,
      })),
    );
    this.name = 'ContactNotAllowedProblem';
  }
}

export class WorkConflictProblem extends HttpProblem {
  constructor(code: string, title: string) {
    super(409, title, code);
    this.name = 'WorkConflictProblem';
  }
}

/** @example middy(handler).use(httpProblems({ logger })).use(staffProblems()) */
export const staffProblems = (): MiddlewareObj => ({
  onError: async (request) => {
    const error = request.error;
    if (error instanceof ReportNotFoundError) request.error = new NotFoundProblem('No report with that id in this force');
    else if (error instanceof ReportAccessRefusedError) request.error = new ForbiddenProblem();
    else if (error instanceof ContactRefusedError) request.error = new ContactNotAllowedProblem(error.reasons, error.pausedUntil);
    else if (error instanceof WorkConflictError) request.error = new WorkConflictProblem(error.code, error.message);
    else if (error instanceof WorkContentionError) request.error = new ServiceUnavailableProblem(1);
    else if (error instanceof NoParkedReferralError) request.error = new NotFoundProblem('No parked referral with these ids in this force');
    else if (error instanceof InvalidCursorError) request.error = new ValidationProblem([{ path: 'cursor', message: 'must be a cursor from a previous page' }]);
  },
});
