/**
 * Posts a signed webhook. Only the status comes back: a response body from
 * a peer is never read into logs or errors. A post gives up at its own
 * timeout or at the request's deadline, whichever comes first.
 */
import type { WebhookSender } from '../domain/referrals/dispatch';
import { boundedSignal } from '../domain/request-deadline';

/**
 * @example
 * const status = await fetchWebhookSender({ timeoutMs: 5000 }).post(url, body, headers);
 */
export function fetchWebhookSender(options: { timeoutMs?: number } = {}): WebhookSender {
  return {
    async post(url, body, headers) {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'user-agent': 'safe-pathway-webhooks/1', ...headers },
        signal: boundedSignal(AbortSignal.timeout(options.timeoutMs ?? 10_000)),
        redirect: 'error',
      });
      await response.body?.cancel();
      return response.status;
    },
  };
}
