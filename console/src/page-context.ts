/**
 * What the console's shell (main.ts) hands every page it renders: the
 * console's configuration, the query of the current address and a way to
 * render the page again after a change.
 */
import type { ConsoleConfig } from '../config';

/**
 * @example
 * export async function queuePage(root: HTMLElement, context: PageContext): Promise<void> { … context.refresh(); }
 */
export interface PageContext {
  config: ConsoleConfig;
  params: URLSearchParams;
  /** Re-renders the current page (after a change). */
  refresh(): void;
}
