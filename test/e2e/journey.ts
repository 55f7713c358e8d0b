/**
 * Answering the web form's steps in a browser, shared by the journeys of the
 * e2e tests: a step's answers are data (what to choose, type and select), so
 * each test's journey reads as one table of the victim's answers.
 */
import type { Page } from 'playwright-core';

/** The answers given on one step of the form, by field name. */
export interface StepAnswers {
  /** The `journey.step` value of the page. */
  step: string;
  /** Radios and checkboxes to tick: field name → value. */
  choose?: Readonly<Record<string, string>>;
  /** Text to type: field name → text. */
  fill?: Readonly<Record<string, string>>;
  /** Selects to set: field name → option value. */
  select?: Readonly<Record<string, string>>;
}

/** Ticks the radio or checkbox `name` with `value`. */
export async function choose(page: Page, name: string, value: string): Promise<void> {
  await page.locator(`input[name="${name}"][value="${value}"]`).check();
}

/** Types `text` into the visible field `name` (input or textarea). */
export async function fill(page: Page, name: string, text: string): Promise<void> {
  await page.locator(`[name="${name}"]:not([type="hidden"])`).fill(text);
}

/**
 * Gives a step's answers: ticks first (a ticked channel reveals its text
 * field), then text, then selects.
 *
 * @example
 * await answerStep(page, { step: 'who', choose: { 'reporter.type': 'victim' } });
 */
export async function answerStep(page: Page, answers: StepAnswers): Promise<void> {
  for (const [name, value] of Object.entries(answers.choose ?? {})) await choose(page, name, value);
  for (const [name, text] of Object.entries(answers.fill ?? {})) await fill(page, name, text);
  for (const [name, value] of Object.entries(answers.select ?? {})) await page.locator(`select[name="${name}"]`).selectOption(value);
}
