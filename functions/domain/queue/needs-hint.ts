/**
 * The queue's view of a victim's support needs (issues 16, 17): which
 * language they used and whether they asked for an interpreter. A plaintext
 * language on a queue entry would be a proxy for migrant status (domain rule
 * 1, docs/firewall.md), so every entry carries the two values only as a small
 * sealed "needs" hint (class `support`, under the report key, bound to force,
 * report and part, padded to one size), and the queue list opens the hints of
 * the page it returns: in parallel, a few at a time, within the time left.
 * An entry whose hint cannot be opened in time, is absent, or does not open
 * is shown as "not shown"; it never fails the page.
 */

/** The binding of a hint: the same force and report as every sealed part of the report (SealContext). */
export interface HintContext {
  forceId: string;
  reportId: string;
}

/** The support needs a queue entry shows (class `support`; the whole body still holds them too). */
export interface SupportNeeds {
  /** BCP 47 tag of the language the victim used (`support.language`). */
  language: string;
  interpreterNeeded: boolean;
}

/** Seals and opens the hint. The Encryption SDK cipher implements it (functions/adapters/crypto). */
export interface NeedsHintCipher {
  sealNeeds(needs: SupportNeeds, context: HintContext): Promise<Uint8Array>;
  openNeeds(sealed: Uint8Array, context: HintContext): Promise<SupportNeeds>;
}

/** An entry of the page, as far as its hint is concerned. */
export interface HintedEntry {
  reportId: string;
  sealedNeeds?: Uint8Array;
}

export interface OpenHintsOptions {
  /** Milliseconds left before the caller must answer (a Lambda's `getRemainingTimeInMillis`). */
  remainingMs: () => number;
  /** Time kept back to answer the page once opening stops. */
  reserveMs?: number;
  /** Hints opened at once (each is one KMS Decrypt with KMS keys). */
  concurrency?: number;
  /** Told how many hints were not shown and why, as counts only (never ids with values). */
  onNotShown?: (counts: { late: number; failed: number; absent: number }) => void;
}

/** What the page shows for each entry: its needs, or `null` for "not shown". */
export type NeedsByReport = ReadonlyMap<string, SupportNeeds | null>;

/**
 * Opens the hints of one page of the queue. Never throws for a hint: a hint
 * that is absent (support class removed, entry written before hints existed),
 * does not open, or is still opening when the time is up is `null`.
 *
 * @example
 * const needs = await openNeedsHints(page.items, cipher, forceId, { remainingMs: () => context.getRemainingTimeInMillis() });
 * needs.get(entry.reportId); // { language: 'pl', interpreterNeeded: true } or null
 */
export async function openNeedsHints(entries: readonly HintedEntry[], cipher: NeedsHintCipher, forceId: string, options: OpenHintsOptions): Promise<NeedsByReport> {
  const reserveMs = options.reserveMs ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const shown = new Map<string, SupportNeeds | null>(entries.map((entry) => [entry.reportId, null]));
  const counts = { late: 0, failed: 0, absent: 0 };
  const queue = entries.filter((entry) => {
    if (entry.sealedNeeds) return true;
    counts.absent += 1;
    return false;
  });
  const budgetMs = Math.max(0, options.remainingMs() - reserveMs);
  let timer: NodeJS.Timeout | undefined;
  let timeUp = budgetMs === 0;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => {
      timeUp = true;
      resolve('late');
    }, budgetMs);
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!timeUp && next < queue.length) {
      const entry = queue[next++] as HintedEntry;
      const opening = cipher.openNeeds(entry.sealedNeeds as Uint8Array, { forceId, reportId: entry.reportId }).then(
        (needs) => ({ needs }),
        () => 'failed' as const,
      );
      const result = await Promise.race([opening, deadline]);
      if (result === 'late') return;
      if (result === 'failed') counts.failed += 1;
      else shown.set(entry.reportId, result.needs);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
  const opened = [...shown.values()].filter((value) => value !== null).length;
  counts.late = queue.length - opened - counts.failed;
  if (counts.late + counts.failed + counts.absent > 0) options.onNotShown?.(counts);
  return shown;
}
