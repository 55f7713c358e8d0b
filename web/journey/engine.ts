/**
 * Moves the journey on from one POST: pure, so every path through the form
 * is testable without a browser.
 */
import { parseReceipt } from '../../schemas/receipt';
import type { FieldProblem } from '../../schemas/field-problems';
import { isLanguage, LANGUAGES, type Language } from '../i18n';
import { IMMIGRATION_FIELDS } from '../../schemas/form-fields';
import { text, without, type FormState } from './form-state';
import { isStepId, journeyPath, STEPS, type StepId } from './steps';

export type JourneyOutcome =
  | { page: 'step'; step: StepId; state: FormState; problems: FieldProblem[] }
  | { page: 'languages'; state: FormState }
  | { page: 'confirmation'; state: FormState; receipt: string; urgent: boolean }
  | { page: 'safety'; state: FormState }
  | { page: 'status'; state: FormState };

/** The step the posted form came from; a missing or unknown one starts again. */
export function currentStep(state: FormState): StepId {
  const step = text(state, 'journey.step');
  return isStepId(step) && journeyPath(state).includes(step) ? step : 'danger';
}

/** The page language: the posted one if the force offers it, else English. */
export function languageOf(state: FormState, offered: readonly Language[] = LANGUAGES): Language {
  const lang = text(state, 'journey.lang');
  return isLanguage(lang) && offered.includes(lang) ? lang : 'en';
}

/** On a step of the journey (no longer on the safety or status page). */
function at(state: FormState, step: StepId): FormState {
  return { ...without(state, ['journey.view']), 'journey.step': [step] };
}

function onView(state: FormState, step: StepId, view: 'safety' | 'status'): FormState {
  return { ...at(state, step), 'journey.view': [view] };
}

/**
 * Applies one action to the posted answers.
 *
 * Actions: `continue` (check this step, then go on), `back`, `change:<step>`
 * (from check your answers, returning there after), `languages` (the
 * language page), `language:<lang>`, `safety`, `status`, `resume`.
 *
 * @example
 * const outcome = advance(state, 'continue');
 */
export function advance(posted: FormState, action: string, offered: readonly Language[] = LANGUAGES): JourneyOutcome {
  let state = posted;
  const step = currentStep(state);
  const path = journeyPath(state);
  const index = path.indexOf(step);

  // The language page keeps every answer, and the page it was opened from, in its hidden fields.
  if (action === 'languages') return { page: 'languages', state };
  if (action.startsWith('language:')) {
    const lang = action.slice('language:'.length);
    if (isLanguage(lang) && offered.includes(lang)) state = { ...state, 'journey.lang': [lang] };
    // The report is sent: show its receipt again, now in the other language (the only answers the page carries).
    const receipt = text(state, 'journey.step') === 'confirmation' ? parseReceipt(text(state, 'journey.receipt') ?? '') : undefined;
    if (receipt) return { page: 'confirmation', state: without(state, ['journey.view']), receipt, urgent: text(state, 'journey.urgent') === 'yes' };
    const view = text(state, 'journey.view');
    if (view === 'safety' || view === 'status') return { page: view, state: onView(state, step, view) };
    return { page: 'step', step, state: at(state, step), problems: [] };
  }
  if (action === 'safety') return { page: 'safety', state: onView(state, step, 'safety') };
  if (action === 'status') return { page: 'status', state: onView(state, step, 'status') };
  if (action === 'back') return { page: 'step', step: path[Math.max(0, index - 1)] ?? 'danger', state: at(without(state, ['journey.returnTo']), path[Math.max(0, index - 1)] ?? 'danger'), problems: [] };
  if (action.startsWith('change:')) {
    const target = action.slice('change:'.length);
    const to = isStepId(target) && path.includes(target) ? target : step;
    return { page: 'step', step: to, state: at({ ...state, 'journey.returnTo': ['check'] }, to), problems: [] };
  }
  if (action !== 'continue') return { page: 'step', step, state: at(state, step), problems: [] };

  const problems = STEPS[step].check(state);
  if (problems.length) return { page: 'step', step, state: at(state, step), problems };
  if (step === 'immigration-notice' && text(state, 'journey.immigration') !== 'yes') {
    // Not answering means not carrying: drop any earlier answers from the hidden fields.
    state = without(state, IMMIGRATION_FIELDS);
  }
  const nextPath = journeyPath(state);
  const returning = text(state, 'journey.returnTo') === 'check';
  // From "change", go back to the check page unless this answer opened a step that still needs answering.
  const opened = step === 'immigration-notice' && text(state, 'journey.immigration') === 'yes' && !text(state, 'immigration.status');
  const next: StepId = returning && !opened ? 'check' : (nextPath[nextPath.indexOf(step) + 1] ?? 'check');
  if (next === 'check') state = without(state, ['journey.returnTo']);
  return { page: 'step', step: next, state: at(state, next), problems: [] };
}
