/**
 * DynamoDB clients. In AWS the SDK's defaults apply; locally the endpoint
 * points at DynamoDB Local, which accepts any credentials.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClients {
  client: DynamoDBClient;
  document: DynamoDBDocumentClient;
}

/**
 * @example
 * const { document } = dynamoClients({ endpoint: 'http://127.0.0.1:8000' });
 */
export function dynamoClients(options: { endpoint?: string } = {}): DynamoClients {
  const client = options.endpoint
    ? new DynamoDBClient({
        endpoint: options.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        // A stopped local store should surface quickly as 503, not hang a request.
        maxAttempts: 2,
      })
    : new DynamoDBClient({});
  const document = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, document };
}
