/**
 * The protected screen: an answer-only oracle over one report's protected
 * section. The suspect check (purpose `investigation`) may not open the
 * protected-immigration class, yet what an officer types, and the payload it
 * builds, must still be refused when they quote a protected value of that
 * report. So a safeguarding-purpose function opens the section, screens the
 * texts it is given with the same rules as the guard (functions/domain/policy/guard.ts)
 * and answers only WHICH field paths match, never a value, a class detail or
 * whether the report has a protected section at all.
 *
 * Bounded: a request names at most {@link MAX_SCREEN_FIELDS} fields of at most
 * {@link MAX_SCREEN_TEXT} characters each, under field paths of a fixed shape.
 */
import { DomainError } from '../errors';
import * as z from 'zod';
import type { ReportCipher } from '../report';
import { typedTextHits, valuesOfClasses } from '../policy/guard';
import type { SealedReportReader } from '../referrals/outbox';

/** Most fields one request may screen: the suspect check sends about a dozen (identifiers, aliases, justification, payload). */
export const MAX_SCREEN_FIELDS = 48;
/** Longest text screened: a suspect-check payload serialised, with room to spare (the justification is at most 2,000). */
export const MAX_SCREEN_TEXT = 32_768;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A field path such as `justification`, `suspect.aliases.1` or `payload.decoded`: names, never content. */
const FIELD_PATH = /^[a-zA-Z][a-zA-Z0-9]{0,39}(\.[a-zA-Z0-9]{1,40}){0,4}$/;

export const ProtectedScreenRequestSchema = z
  .object({
    reportId: z.string().regex(UUID),
    values: z
      .record(z.string().regex(FIELD_PATH), z.string().max(MAX_SCREEN_TEXT))
      .refine((values) => Object.keys(values).length <= MAX_SCREEN_FIELDS, { message: `at most ${MAX_SCREEN_FIELDS} fields` }),
  })
  .strict();
export type ProtectedScreenRequest = z.output<typeof ProtectedScreenRequestSchema>;

/** The only answer: the field paths (a subset of those asked, in their order) whose text matches a protected value. */
export const ProtectedScreenAnswerSchema = z.object({ matches: z.array(z.string().regex(FIELD_PATH)).max(MAX_SCREEN_FIELDS) }).strict();
export type ProtectedScreenAnswer = z.output<typeof ProtectedScreenAnswerSchema>;

/**
 * Asks which of the given texts equal or contain a protected-immigration value
 * of the report. Rejects with {@link ProtectedScreenUnavailableError} when it
 * cannot answer; callers refuse (fail closed).
 *
 * @example
 * const matches = await screen.screen(reportId, { justification: request.justification });
 * if (matches.length > 0) throw new TypedTextRefusedError(matches, ['protected-immigration']);
 */
export interface ProtectedScreen {
  screen(reportId: string, values: Readonly<Record<string, string>>): Promise<string[]>;
}

/** The screen did not answer (error, timeout, or an answer out of contract): nothing may be stored or sent. */
export class ProtectedScreenUnavailableError extends DomainError {
  constructor(readonly failure: string) {
    super(`the protected screen did not answer: ${failure}`);
    this.name = 'ProtectedScreenUnavailableError';
  }
}

/** The screen function was asked out of contract (not a report id and bounded texts); says so without quoting the request. */
export class ScreenRequestRefusedError extends DomainError {
  constructor() {
    super('protected screen request out of contract');
    this.name = 'ScreenRequestRefusedError';
  }
}

export interface ProtectedScreenDeps {
  forceId: string;
  reports: SealedReportReader;
  cipher: Pick<ReportCipher, 'openProtected'>;
}

/**
 * The screen itself, run in the safeguarding-purpose function: opens this
 * report's protected section only, and answers the matching field paths. A
 * report of another force, an unknown report, or one whose section was
 * removed (retention) screens nothing from it: the answer is the same empty
 * list, so it reveals neither existence nor removal.
 *
 * @example
 * const { matches } = await screenProtectedValues(deps, ProtectedScreenRequestSchema.parse(event));
 */
export async function screenProtectedValues(deps: ProtectedScreenDeps, request: ProtectedScreenRequest): Promise<ProtectedScreenAnswer> {
  const sealed = await deps.reports.sealedReport(request.reportId);
  if (!sealed || sealed.routing.forceId !== deps.forceId || !sealed.sealedProtected) return { matches: [] };
  const section = await deps.cipher.openProtected(sealed.sealedProtected, { forceId: deps.forceId, reportId: request.reportId });
  if (!section) return { matches: [] };
  const { fields } = typedTextHits(request.values, valuesOfClasses({ immigration: section }, ['protected-immigration']));
  return { matches: fields };
}

/**
 * A screen over the answers of another: keeps only field paths that were
 * asked, and refuses an answer out of contract, so a faulty screen can never
 * put anything but a field name into the caller's hands.
 *
 * @example
 * const matches = checkedAnswer(raw, Object.keys(values));
 */
export function checkedAnswer(raw: unknown, asked: readonly string[]): string[] {
  const parsed = ProtectedScreenAnswerSchema.safeParse(raw);
  if (!parsed.success) throw new ProtectedScreenUnavailableError('answer-out-of-contract');
  const known = new Set(asked);
  if (parsed.data.matches.some((field) => !known.has(field))) throw new ProtectedScreenUnavailableError('answer-out-of-contract');
  return parsed.data.matches;
}
