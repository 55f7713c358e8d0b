/**
 * The throughput floor: a minimal HTTP server that reads the request body
 * and stores one item of the report's size with a bare PutItem — no
 * validation, no encryption, no idempotency. Started as a child process,
 * like each force API of the local system.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const document = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
const tableName = process.env.TABLE_NAME;
/** An item the size of a stored report (FLOOR_ITEM_BYTES of binary payload). */
const payload = new Uint8Array(Number(process.env.FLOOR_ITEM_BYTES ?? 6000));

const server = createServer(async (request, response) => {
  for await (const _chunk of request) {
    // Read the whole body, as the real API does.
  }
  try {
    await document.send(new PutCommand({ TableName: tableName, Item: { PK: `FLOOR#${randomUUID()}`, SK: 'FLOOR', payload } }));
    response.writeHead(201, { 'Content-Type': 'application/json' });
    response.end('{"stored":true}');
  } catch {
    response.writeHead(503);
    response.end();
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
