/**
 * The one table from domain error to HTTP problem. Every shell
 * (./shells.ts) runs {@link domainProblems} before `httpProblems`, so a
 * domain error answers the same way on every route that can raise it, and a
 * refusal the firewall counts is counted wherever it happens. Titles and
 * fields are fixed text or codes: never a value from the request.
 */
import { ProtectedScreenUnavailableError } from '../domain/enforcement/protected-screen';
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { PAUSE_MAX_DAYS } from '../../schemas/channel';
import { BodyClassRemovedError, ChannelBusyError, PauseOutOfRangeError, ReceiptNotFoundError, ReceiptThrottledError } from '../domain/channel/victim-channel';
import { UnknownIntegrationError } from '../domain/enforcement/suspect-check';
import type { DomainError } from '../domain/errors';
import { InvalidCursorError, ReportNotFoundError } from '../domain/errors';
import { IdempotencyKeyReusedError, ReceiptReplacedError, SubmissionInProgressError } from '../domain/intake/accept-report';
import { NoSuspectDetailsError } from '../domain/policy/contracts';
import { ProtectedValueLeakError, TypedTextRefusedError } from '../domain/policy/guard';
import { ClaimTimeUpError, ContactRefusedError, ReportAccessRefusedError, WorkConflictError } from '../domain/queue/queue-desk';
import { WorkContentionError } from '../domain/queue/queue-store';
import { NoParkedReferralError } from '../domain/referrals/redrive';
import { BringForwardRefusedError } from '../domain/retention/bring-forward';
import { ClassRemovedError } from '../domain/retention/retention';
import {
  ClassRemovedProblem,
  ConflictProblem,
  ContactNotAllowedProblem,
  FirewallRefusalProblem,
  ForbiddenProblem,
  HttpProblem,
  NotFoundProblem,
  ServiceUnavailableProblem,
  TooManyRequestsProblem,
  TypedTextRefusedProblem,
  ValidationProblem,
  WorkConflictProblem,
} from './problems';

/** One row: the error class, the problem it answers with, and what else is recorded (a metric, a warning; never content). */
export interface ProblemRule<E extends DomainError = DomainError> {
  error: abstract new (...args: never[]) => E;
  problem: (error: E) => HttpProblem;
  /** A metric counted once per occurrence, beside `RequestRefused`. */
  metric?: string;
  /** A warning logged once per occurrence (fixed text). */
  warn?: string;
}

const rule = <E extends DomainError>(row: ProblemRule<E>): ProblemRule => row as unknown as ProblemRule;

const BRING_FORWARD_TITLES: Record<BringForwardRefusedError['code'], string> = {
  'report-open': 'Only a closed report’s removal can be brought forward',
  'not-earlier': 'The new removal date must be earlier than the current one (never later than the force config allows)',
  'already-removed': 'This part of the report has already been removed',
  'not-scheduled': 'This report has no removal scheduled for that class',
  'not-finished': 'Some of the messages’ removals were brought forward (audited); repeat the request to move the rest',
};

/**
 * Domain error → problem. The first row whose class the error is an instance of answers.
 *
 * @example
 * PROBLEM_TABLE.find((row) => error instanceof row.error)?.problem(error);
 */
export const PROBLEM_TABLE: readonly ProblemRule[] = [
  rule({ error: ReportNotFoundError, problem: () => new NotFoundProblem('No report with that id in this force') }),
  rule({ error: ReportAccessRefusedError, problem: () => new ForbiddenProblem() }),
  rule({ error: ContactRefusedError, problem: (error) => new ContactNotAllowedProblem(error.reasons, error.pausedUntil) }),
  rule({ error: WorkConflictError, problem: (error) => new WorkConflictProblem(error.code, error.message) }),
  rule({ error: WorkContentionError, problem: () => new ServiceUnavailableProblem(1) }),
  rule({ error: ClaimTimeUpError, problem: () => new ServiceUnavailableProblem(1) }),
  rule({ error: NoParkedReferralError, problem: () => new NotFoundProblem('No parked referral with these ids in this force') }),
  // Both are the firewall refusing what a member of staff asked to keep or send: counted wherever they happen.
  rule({ error: TypedTextRefusedError, problem: (error) => new TypedTextRefusedProblem(error.fields), metric: 'FirewallRefusal' }),
  rule({ error: ProtectedValueLeakError, problem: () => new FirewallRefusalProblem(), metric: 'FirewallRefusal' }),
  // Fail closed: without the safeguarding screen's answer a suspect check stores and sends nothing.
  rule({ error: ProtectedScreenUnavailableError, problem: () => new ServiceUnavailableProblem(), metric: 'ProtectedScreenUnavailable', warn: 'protected screen unavailable' }),
  rule({ error: UnknownIntegrationError, problem: () => new NotFoundProblem('No such enforcement integration') }),
  rule({
    error: NoSuspectDetailsError,
    problem: () => new HttpProblem(422, 'Neither the report nor the request gives a name, alias or date of birth to check', 'no-suspect-details'),
  }),
  rule({ error: ClassRemovedError, problem: (error) => new ClassRemovedProblem(error.retention) }),
  rule({
    error: BringForwardRefusedError,
    problem: (error) =>
      new HttpProblem(error.code === 'already-removed' ? 410 : 409, BRING_FORWARD_TITLES[error.code], error.code === 'already-removed' ? 'class-removed' : error.code),
  }),
  rule({ error: InvalidCursorError, problem: () => new ValidationProblem([{ path: 'cursor', message: 'must be a cursor from a previous page' }]) }),
  // One answer for wrong, unknown and rotated receipts, word for word the status look-up's.
  rule({ error: ReceiptNotFoundError, problem: () => new NotFoundProblem('No report matches that receipt') }),
  rule({ error: ReceiptThrottledError, problem: (error) => new TooManyRequestsProblem(error.retryAfterSeconds), warn: 'receipt look-up throttled' }),
  rule({
    error: PauseOutOfRangeError,
    problem: () => new ValidationProblem([{ path: 'until', message: `must be in the future and at most ${PAUSE_MAX_DAYS} days ahead` }]),
  }),
  rule({ error: ChannelBusyError, problem: () => new ServiceUnavailableProblem(1) }),
  rule({
    error: BodyClassRemovedError,
    problem: (error) =>
      new HttpProblem(410, 'This part of your report has been removed, as the force’s retention policy says', 'class-removed', [{ path: error.dataClass, message: 'removed' }]),
  }),
  // The intake transaction's refusals: nothing was stored by them.
  rule({ error: IdempotencyKeyReusedError, problem: () => new ConflictProblem('idempotency-key-reused', 'This Idempotency-Key was already used for a different report') }),
  // Never the first receipt (it no longer works) nor the newest (whoever replays the key may be the abuser).
  rule({
    error: ReceiptReplacedError,
    problem: () => new ConflictProblem('receipt-replaced', 'This report was received, and its receipt has since been replaced: use the newest receipt you were given'),
  }),
  rule({
    error: SubmissionInProgressError,
    problem: () => new ConflictProblem('submission-in-progress', 'This report is still being received; try again shortly', { 'Retry-After': '2' }),
  }),
];

export interface DomainProblemsOptions {
  logger?: Logger;
  metrics?: Metrics;
}

/**
 * Replaces a domain error with its problem from {@link PROBLEM_TABLE}; runs before `httpProblems`, which serialises and logs it by code.
 *
 * @example
 * middy(handler).use(httpProblems({ logger, metrics })).use(domainProblems({ logger, metrics }));
 */
export const domainProblems = (options: DomainProblemsOptions = {}): MiddlewareObj => ({
  onError: async (request) => {
    const error = request.error;
    const row = PROBLEM_TABLE.find((candidate) => error instanceof candidate.error);
    if (!row) return;
    if (row.warn) options.logger?.warn(row.warn);
    if (row.metric) options.metrics?.addMetric(row.metric, MetricUnit.Count, 1);
    request.error = row.problem(error as DomainError);
  },
});
