/**
 * Maps the queue desk's domain errors to HTTP problems. Runs before
 * `httpProblems`, which serialises and logs them by code only.
 */
import type { MiddlewareObj } from '@middy/core';
import { InvalidCursorError } from '../adapters/dynamodb/cursor';
import { CONTACT_REFUSAL_REASONS } from '../domain/contact-policy/contact-policy';
import { ClaimTimeUpError, ContactRefusedError, ReportAccessRefusedError, ReportNotFoundError, WorkConflictError } from '../domain/queue/queue-desk';
import { ForbiddenProblem } from '../middleware/authorise';
import { HttpProblem, NotFoundProblem, ServiceUnavailableProblem, ValidationProblem } from '../middleware/problems';
import { WorkContentionError } from '../domain/queue/queue-store';
import { NoParkedReferralError } from '../domain/referrals/redrive';
import { ClassRemovedError } from '../domain/retention/retention';
import { SECTION_OF } from '../../schemas/retention';
import { BringForwardRefusedError } from '../domain/retention/bring-forward';
import { TypedTextRefusedError } from '../domain/policy/guard';

/**
 * 422: text a member of staff typed holds a value it may not (a protected
 * value of the report; for enforcement, any detail of the victim). Names the
 * fields, never the value; nothing was stored or sent.
 */
export class TypedTextRefusedProblem extends HttpProblem {
  constructor(fields: readonly string[]) {
    super(
      422,
      'Refused: a field you typed quotes details of the victim that may not be kept or sent there. Describe the reason without them.',
      'typed-text-refused',
      fields.map((path) => ({ path, message: 'must not contain the victim’s details, contact details, account or immigration details' })),
    );
    this.name = 'TypedTextRefusedProblem';
  }
}

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

/** 410: the section asked for was removed under the force's retention policy; says which, and when. */
export class ClassRemovedProblem extends HttpProblem {
  constructor(error: ClassRemovedError) {
    const { dataClass, dueAt, removedAt } = error.retention;
    const section = SECTION_OF[dataClass];
    super(
      410,
      'This part of the report has been removed under the force’s retention policy',
      'class-removed',
      [{ path: section, message: `removed ${removedAt} (scheduled for ${dueAt})` }],
      {},
      `The ${section} section was deleted on ${removedAt.slice(0, 10)} (due ${dueAt.slice(0, 10)}); no copy is kept that the service can open. The rest of the report is unaffected.`,
    );
    this.name = 'ClassRemovedProblem';
  }
}

const BRING_FORWARD_TITLES: Record<BringForwardRefusedError['code'], string> = {
  'report-open': 'Only a closed report’s removal can be brought forward',
  'not-earlier': 'The new removal date must be earlier than the current one (never later than the force config allows)',
  'already-removed': 'This part of the report has already been removed',
  'not-scheduled': 'This report has no removal scheduled for that class',
};

function bringForwardProblem(error: BringForwardRefusedError): HttpProblem {
  const status = error.code === 'already-removed' ? 410 : 409;
  return new HttpProblem(status, BRING_FORWARD_TITLES[error.code], error.code === 'already-removed' ? 'class-removed' : error.code);
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
    else if (error instanceof ClaimTimeUpError) request.error = new ServiceUnavailableProblem(1);
    else if (error instanceof NoParkedReferralError) request.error = new NotFoundProblem('No parked referral with these ids in this force');
    else if (error instanceof TypedTextRefusedError) request.error = new TypedTextRefusedProblem(error.fields);
    else if (error instanceof ClassRemovedError) request.error = new ClassRemovedProblem(error);
    else if (error instanceof BringForwardRefusedError) request.error = bringForwardProblem(error);
    else if (error instanceof InvalidCursorError) request.error = new ValidationProblem([{ path: 'cursor', message: 'must be a cursor from a previous page' }]);
  },
});
