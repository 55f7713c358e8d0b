/**
 * A charity's (or enforcement system's) webhook receiver, for the local
 * system and the tests: verifies the signature on the raw body, refuses stale
 * or unsigned requests, and processes each delivery id once. It is also the
 * reference a receiver can copy (docs/webhooks.md).
 */
import { createServer, type Server } from 'node:http';
import { verifyWebhook, WebhookVerificationError } from '../../functions/domain/webhooks/signature';

export interface ReceivedDelivery {
  deliveryId: string;
  path: string;
  body: unknown;
}

export interface WebhookReceiver {
  url: string;
  server: Server;
  /** Every request that arrived, verified or not. */
  requests: { path: string; verified: boolean; deliveryId?: string }[];
  /** Deliveries processed, once per delivery id. */
  processed: ReceivedDelivery[];
  /** Decides the status of each verified request (default 200); runs after processing. */
  respond: (delivery: ReceivedDelivery, duplicate: boolean) => number;
  /** The signing secret for a request path; replaceable. */
  secretFor: (path: string) => Uint8Array | undefined;
  close(): Promise<void>;
}

/**
 * @example
 * const receiver = await startWebhookReceiver({ secretFor: (path) => secrets[path] });
 * // charity webhookUrl: `${receiver.url}/north-idva`
 */
export async function startWebhookReceiver(options: {
  /** The signing secret for a request path (one path per integration). */
  secretFor: (path: string) => Uint8Array | undefined;
  port?: number;
  onDelivery?: (delivery: ReceivedDelivery) => void;
}): Promise<WebhookReceiver> {
  const seen = new Set<string>();
  const receiver: WebhookReceiver = {
    url: '',
    server: createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const secret = receiver.secretFor(path);
      let deliveryId: string;
      try {
        if (!secret) throw new WebhookVerificationError('bad-signature');
        deliveryId = verifyWebhook(secret, request.headers as Record<string, string>, raw);
      } catch (error) {
        receiver.requests.push({ path, verified: false });
        response.writeHead(401).end(JSON.stringify({ error: (error as WebhookVerificationError).reason ?? 'refused' }));
        return;
      }
      receiver.requests.push({ path, verified: true, deliveryId });
      const delivery: ReceivedDelivery = { deliveryId, path, body: JSON.parse(raw.toString('utf8')) };
      const duplicate = seen.has(deliveryId);
      if (!duplicate) {
        seen.add(deliveryId);
        receiver.processed.push(delivery);
        options.onDelivery?.(delivery);
      }
      response.writeHead(receiver.respond(delivery, duplicate)).end();
    }),
    requests: [],
    processed: [],
    respond: () => 200,
    secretFor: options.secretFor,
    close: () => new Promise((done) => receiver.server.close(() => done())),
  };
  await new Promise<void>((ready) => receiver.server.listen(options.port ?? 0, '127.0.0.1', ready));
  const address = receiver.server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return receiver;
}
